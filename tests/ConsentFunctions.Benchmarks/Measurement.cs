using System.Diagnostics;

namespace ConsentFunctions.Benchmarks;

/// <summary>Latencies of one run, and what is reported of them.</summary>
public sealed record Measurement(string Name, int Concurrency, int Count, TimeSpan Elapsed, double[] LatenciesMs, double RoundTripsPerOperation)
{
    public double RequestsPerSecond => Count / Elapsed.TotalSeconds;
    public double P50 => Percentile(0.50);
    public double P95 => Percentile(0.95);
    public double P99 => Percentile(0.99);

    private double Percentile(double p)
    {
        var sorted = LatenciesMs.Order().ToArray();
        return sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
    }

    /// <summary>Two halves of one measurement taken at different times, reported as one.</summary>
    public static Measurement Merge(Measurement a, Measurement b)
        => new(a.Name, a.Concurrency, a.Count + b.Count, a.Elapsed + b.Elapsed, [.. a.LatenciesMs, .. b.LatenciesMs],
            (a.RoundTripsPerOperation * a.Count + b.RoundTripsPerOperation * b.Count) / (a.Count + b.Count));

    /// <summary>Runs <paramref name="count"/> operations with <paramref name="concurrency"/> workers, timing each.</summary>
    public static async Task<Measurement> RunAsync(string name, int concurrency, int count, Func<int, Task> operation, Func<long> roundTrips)
    {
        var latencies = new double[count];
        var next = -1;
        var before = roundTrips();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var start = Stopwatch.GetTimestamp();
                await operation(i);
                latencies[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }
        })));
        clock.Stop();
        return new Measurement(name, concurrency, count, clock.Elapsed, latencies, (roundTrips() - before) / (double)count);
    }
}
