using ConsentFunctions.Core;
using ConsentFunctions.Core.Decisions;

namespace ConsentFunctions.Tests.Decisions;

/// <summary>The one catalog of channels: what the law says each is, read by the engine and the validators.</summary>
public class ChannelCatalogTests
{
    [Fact]
    public void The_contract_lists_exactly_the_catalog()
        => Assert.Equal(ChannelCatalog.All.Select(c => c.Name).Order(), Vocabulary.Channels.Order());

    [Theory]
    [InlineData("email", true, true)]
    [InlineData("sms", true, true)]
    [InlineData("automated-call", true, true)]
    [InlineData("fax", true, false)]
    [InlineData("phone", false, false)]
    [InlineData("postal", false, false)]
    public void Each_channel_is_electronic_and_open_to_the_soft_opt_in_as_CPCE_L34_5_says(string name, bool electronic, bool softOptIn)
    {
        var channel = ChannelCatalog.Get(name);
        Assert.Equal((electronic, softOptIn), (channel.Electronic, channel.SoftOptIn));
        Assert.Equal(electronic, DecisionEngine.IsElectronic(name));
    }

    [Fact]
    public void Every_channel_has_a_name_in_each_page_language()
        => Assert.All(ChannelCatalog.All, c => Assert.False(string.IsNullOrWhiteSpace(c.Label("fr")) || string.IsNullOrWhiteSpace(c.Label("en"))));
}
