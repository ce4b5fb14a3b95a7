using ConsentFunctions.Core.Breaches;
using ConsentFunctions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ConsentFunctions.Tests.Breaches;

/// <summary>The register's optimistic concurrency, against Azurite.</summary>
public class BreachStoreTests
{
    [Fact]
    public async Task A_write_between_read_and_write_makes_the_change_decide_again_on_what_was_written()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var store = app.Services.GetRequiredService<BreachStore>();
        var id = await app.OpenBreachAsync(app.Time.GetUtcNow());
        var seen = new List<int>();

        var result = await store.MutateAsync(id, state =>
        {
            seen.Add(state.Alert.Threshold);
            if (seen.Count == 1)
            {
                // Another writer gets in between this read and this write.
                store.MutateAsync(id, s => new BreachMutation(s with { Alert = s.Alert with { Threshold = 24 } }, null), CancellationToken.None)
                    .GetAwaiter().GetResult();
            }
            return new BreachMutation(state with { Alert = state.Alert with { Threshold = state.Alert.Threshold + 1 } }, null);
        }, CancellationToken.None);

        Assert.Equal([0, 24], seen);
        Assert.Equal((25, true), (result!.Value.State.Alert.Threshold, result.Value.Changed));
        Assert.Equal(25, (await store.GetAsync(id, CancellationToken.None))!.State.Alert.Threshold);
    }

    [Fact]
    public async Task Changing_an_unknown_breach_answers_null()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var store = app.Services.GetRequiredService<BreachStore>();
        Assert.Null(await store.MutateAsync("0193a1b2c3d4e5f60718293a4b5c6d7e", s => new BreachMutation(s, null), CancellationToken.None));
    }
}
