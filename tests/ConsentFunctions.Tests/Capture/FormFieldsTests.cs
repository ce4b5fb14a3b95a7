using ConsentFunctions.Core.Capture;
using ConsentFunctions.Core.Validation;

namespace ConsentFunctions.Tests.Capture;

public class FormFieldsTests
{
    private static KeyValuePair<string, IReadOnlyList<string>> F(string name, params string[] values) => new(name, values);

    [Fact]
    public void Flattened_names_rebuild_the_json_shape()
    {
        var json = FormFields.ToJson([
            F("subject.email", "jeanne@example.fr"),
            F("form.id", "footer"),
            F("consents[0].purpose", "marketing"),
            F("consents[0].checked", "on"),
            F("consents[0].checkedByDefault", "false"),
            F("consents[1].partners[0]", "Acme SAS"),
            F("consents[1].partners[1]", "Dupont"),
        ]);
        Assert.Equal("jeanne@example.fr", json["subject"]!["email"]!.GetValue<string>());
        Assert.True(json["consents"]![0]!["checked"]!.GetValue<bool>());
        Assert.False(json["consents"]![0]!["checkedByDefault"]!.GetValue<bool>());
        Assert.Equal("Dupont", json["consents"]![1]!["partners"]![1]!.GetValue<string>());
    }

    [Fact]
    public void Repeated_partner_fields_make_a_list()
    {
        var json = FormFields.ToJson([F("consents[0].partners", "Acme SAS", "Dupont")]);
        Assert.Equal(2, json["consents"]![0]!["partners"]!.AsArray().Count);
    }

    [Fact]
    public void A_field_sent_twice_is_refused()
        => Assert.Throws<RequestValidationException>(() => FormFields.ToJson([F("consents[0].checked", "true", "false")]));

    [Fact]
    public void A_boolean_that_is_not_one_is_refused()
        => Assert.Throws<RequestValidationException>(() => FormFields.ToJson([F("consents[0].checked", "peut-être")]));

    [Theory]
    [InlineData("consents[100000].checked")]
    [InlineData("consents[-1].checked")]
    [InlineData("consents[x].checked")]
    [InlineData("__proto__.polluted")]
    [InlineData("subject..email")]
    [InlineData("x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x")]
    [InlineData("a[0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0]")]
    public void Names_outside_the_contract_are_ignored(string name)
        => Assert.Empty(FormFields.ToJson([F(name, "true")]));
}
