using ConsentFunctions.Core.Retention;
using ConsentFunctions.Tests.Decisions;
using static ConsentFunctions.Tests.Decisions.FactsBuilder;

namespace ConsentFunctions.Tests.Retention;

public class RetentionPolicyTests
{
    private static readonly RetentionOptions Defaults = new();

    [Fact]
    public void A_prospect_expires_three_years_after_collection()
        => Assert.Equal(Collected.AddYears(3), RetentionPolicy.DataExpiresAt(new FactsBuilder().Given().Build(), Defaults));

    [Fact]
    public void A_contact_the_prospect_initiated_restarts_the_clock()
        => Assert.Equal(Collected.AddYears(5), RetentionPolicy.DataExpiresAt(new FactsBuilder().Given().Interaction("prospect-contact", Collected.AddYears(2)).Build(), Defaults));

    [Fact]
    public void A_customer_expires_three_years_after_the_relationship_ends()
    {
        var facts = new FactsBuilder().Interaction("customer-start", Collected).Interaction("customer-end", Collected.AddYears(4)).Build();
        Assert.Equal(Collected.AddYears(7), RetentionPolicy.DataExpiresAt(facts, Defaults));
    }

    [Fact]
    public void An_ongoing_relationship_keeps_the_data()
        => Assert.Null(RetentionPolicy.DataExpiresAt(new FactsBuilder().Given().Interaction("customer-start", Collected.AddDays(1)).Build(), Defaults));

    [Fact]
    public void Durations_are_configuration()
        => Assert.Equal(Collected.AddYears(1), RetentionPolicy.DataExpiresAt(new FactsBuilder().Given().Build(), new RetentionOptions { ProspectYears = 1 }));
}
