using ConsentFunctions.Core.Calling;

namespace ConsentFunctions.Tests.Calling;

public class IanaTimeZonesTests
{
    [Theory]
    [InlineData("Europe/Paris")]
    [InlineData("America/Martinique")]
    [InlineData("Indian/Reunion")]
    [InlineData("Pacific/Chatham")]
    [InlineData("America/Argentina/Buenos_Aires")]
    [InlineData("Etc/GMT+5")]
    [InlineData("UTC")]
    public void Names_of_the_tz_database_are_found_as_written(string id)
    {
        Assert.True(IanaTimeZones.TryFind(id, out var zone));
        Assert.Equal(id, zone.Id);
        Assert.True(IanaTimeZones.IsValid(id));
        Assert.Equal(id, IanaTimeZones.Find(id).Id);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("Europe/Paris ")]
    [InlineData(" Europe/Paris")]
    [InlineData("europe/paris")]
    [InlineData("EUROPE/PARIS")]
    [InlineData("Romance Standard Time")]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData("Paris")]
    [InlineData("+01:00")]
    [InlineData("../../../../etc/passwd")]
    [InlineData("Europe/../Europe/Paris")]
    [InlineData("/usr/share/zoneinfo/Europe/Paris")]
    [InlineData("Europe//Paris")]
    [InlineData("Europe/Paris/")]
    [InlineData("Europe/Paris\0")]
    [InlineData("Europe/Paris;drop")]
    [InlineData("Europe/Pàris")]
    [InlineData("Local")]
    public void Anything_else_is_not_a_time_zone(string? id)
    {
        Assert.False(IanaTimeZones.TryFind(id, out var zone));
        Assert.Null(zone);
        Assert.False(IanaTimeZones.IsValid(id));
    }

    [Fact]
    public void An_oversized_name_is_refused_before_any_lookup()
    {
        Assert.False(IanaTimeZones.IsValid("Europe/" + new string('P', IanaTimeZones.MaxLength)));
        Assert.False(IanaTimeZones.IsValid(new string('A', 100_000)));
    }

    [Fact]
    public void Find_throws_on_an_unknown_name()
        => Assert.Throws<ArgumentException>(() => IanaTimeZones.Find("Mars/Olympus_Mons"));
}
