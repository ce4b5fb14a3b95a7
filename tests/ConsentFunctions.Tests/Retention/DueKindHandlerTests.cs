using System.Reflection;
using ConsentFunctions.Core.Retention;
using ConsentFunctions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ConsentFunctions.Tests.Retention;

/// <summary>
/// The sweep removes an entry whose kind has no handler (an entry it cannot act on would otherwise
/// be read every day for ever), so a kind added to <see cref="DueKinds"/> without its handler would
/// let its data be kept past its limit without a sound. Every kind the app writes has exactly one.
/// </summary>
public class DueKindHandlerTests
{
    [Fact]
    public async Task Every_due_kind_has_exactly_one_handler_in_the_app()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var kinds = typeof(DueKinds).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!)
            .Order(StringComparer.Ordinal)
            .ToList();
        var handled = app.Services.GetServices<IDueEntryHandler>().Select(h => h.Kind).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(6, kinds.Count);
        Assert.Equal(kinds, handled);
    }
}
