using System.Globalization;

namespace ConsentFunctions.Benchmarks;

/// <summary>Replaces one benchmark's section of RESULTS.md, between its begin and end markers.</summary>
public static class ResultsFile
{
    public static async Task WriteSectionAsync(string root, string name, string command, string report)
    {
        var path = Path.Combine(root, "tests", "ConsentFunctions.Benchmarks", "RESULTS.md");
        var text = File.Exists(path) ? await File.ReadAllTextAsync(path) : "";
        var begin = $"<!-- {name}:begin -->";
        var end = $"<!-- {name}:end -->";
        var block = string.Create(CultureInfo.InvariantCulture,
            $"{begin}\nMeasured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {Environment.ProcessorCount} cores with {command}.\n\n{report.TrimEnd()}\n{end}");
        var b = text.IndexOf(begin, StringComparison.Ordinal);
        var e = text.IndexOf(end, StringComparison.Ordinal);
        text = b >= 0 && e > b ? text[..b] + block + text[(e + end.Length)..] : text + "\n" + block + "\n";
        await File.WriteAllTextAsync(path, text);
        Console.WriteLine("Written to " + path);
    }
}
