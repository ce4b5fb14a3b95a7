using System.Text;
using ConsentFunctions.Core.Capture;
using ConsentFunctions.Tests.Infrastructure;

namespace ConsentFunctions.Tests.Capture;

/// <summary>
/// A form is decoded by the charset its page declared (Content-Type, or the <c>_charset_</c> field
/// browsers fill in); without one, bytes that are not UTF-8 are refused, never stored as <c>%E7</c>.
/// </summary>
public class FormCharsetTests
{
    private const string Wording = "J'accepte la lettre Française de Boutique Exemple.";

    // What a windows-1252 page sends: é and ç as one byte each, percent-encoded.
    private static byte[] Form(string email, string? charsetField = null)
        => Encoding.ASCII.GetBytes((charsetField is null ? "" : "_charset_=" + charsetField + "&")
            + "form.id=newsletter-footer&subject.email=" + Uri.EscapeDataString(email)
            + "&consents[0].purpose=marketing&consents[0].channel=email&consents[0].checkedByDefault=false&consents[0].checked=on"
            + "&consents[0].wording=J%27accepte+la+lettre+Fran%E7aise+de+Boutique+Exemple.");

    private static async Task AssertRecordedIntactAsync(FunctionTestApp app, HttpAnswer answer)
    {
        Assert.True(answer.Status == 201, answer.Body);
        Assert.Equal(WordingHash.Sha256Hex(Wording), answer.Json.GetProperty("consents")[0].GetProperty("wordingSha256").GetString());
        var receipt = await app.ReceiptAsync(answer.Json.GetProperty("receiptId").GetString()!);
        Assert.Equal(Wording, receipt.Json.GetProperty("receipt").GetProperty("consents")[0].GetProperty("wording").GetString());
        Assert.True(receipt.Json.GetProperty("integrity").GetProperty("intact").GetBoolean(), receipt.Body);
    }

    [Theory]
    [InlineData("windows-1252")]
    [InlineData("ISO-8859-1")]
    [InlineData("\"iso-8859-15\"")]
    public async Task A_form_in_its_declared_charset_is_recorded_with_its_wording_as_shown(string charset)
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var answer = await app.CaptureAsync(Form(Forms.UniqueEmail()), "application/x-www-form-urlencoded; charset=" + charset);
        await AssertRecordedIntactAsync(app, answer);
    }

    [Fact]
    public async Task The_charset_field_browsers_fill_in_names_the_charset()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var answer = await app.CaptureAsync(Form(Forms.UniqueEmail(), "windows-1252"), "application/x-www-form-urlencoded");
        await AssertRecordedIntactAsync(app, answer);
    }

    [Fact]
    public async Task A_multipart_form_with_the_charset_field_is_decoded_by_it()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var parts = new (string Name, byte[] Value)[]
        {
            ("_charset_", "windows-1252"u8.ToArray()), ("form.id", "newsletter-footer"u8.ToArray()), ("subject.email", Encoding.ASCII.GetBytes(Forms.UniqueEmail())),
            ("consents[0].purpose", "marketing"u8.ToArray()), ("consents[0].channel", "email"u8.ToArray()), ("consents[0].checkedByDefault", "false"u8.ToArray()),
            ("consents[0].checked", "on"u8.ToArray()), ("consents[0].wording", Encoding.Latin1.GetBytes(Wording)),
        };
        var body = new List<byte>();
        foreach (var (name, value) in parts)
        {
            body.AddRange(Encoding.ASCII.GetBytes($"--b0undary\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n"));
            body.AddRange(value);
            body.AddRange("\r\n"u8.ToArray());
        }
        body.AddRange("--b0undary--\r\n"u8.ToArray());
        var answer = await app.CaptureAsync([.. body], "multipart/form-data; boundary=b0undary");
        await AssertRecordedIntactAsync(app, answer);
    }

    [Fact]
    public async Task Bytes_that_are_not_UTF_8_without_a_declared_charset_are_refused_with_the_reason()
    {
        await using var app = await FunctionTestApp.CreateAsync();
        var answer = await app.CaptureAsync(Form(Forms.UniqueEmail()), "application/x-www-form-urlencoded");
        answer.AssertProblem(400);
        Assert.Contains("charset", answer.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await app.CountAllRowsAsync());
    }

    [Theory]
    [InlineData("application/x-www-form-urlencoded; charset=klingon", null)]
    [InlineData("application/x-www-form-urlencoded; charset=utf-7", null)]
    [InlineData("application/x-www-form-urlencoded", "shift_jis")]
    public async Task A_charset_forms_do_not_use_is_refused_with_415(string contentType, string? charsetField)
    {
        await using var app = await FunctionTestApp.CreateAsync();
        (await app.CaptureAsync(Form(Forms.UniqueEmail(), charsetField), contentType)).AssertProblem(415);
        Assert.Equal(0, await app.CountAllRowsAsync());
    }

    [Theory]
    [InlineData("multipart/form-data", "--x\r\nContent-Disposition: form-data; name=\"form.id\"\r\n\r\nf\r\n--x--\r\n")] // no boundary
    [InlineData("multipart/form-data; boundary=x", "null")]
    [InlineData("multipart/form-data; boundary=x", "")]
    [InlineData("multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"form.id\"\r\n\r\nf\r\n")] // no closing boundary
    [InlineData("multipart/form-data; boundary=x", "--x\r\nContent-Type: text/plain\r\n\r\nf\r\n--x--\r\n")] // no disposition
    public async Task A_broken_multipart_body_is_a_400_not_a_500(string contentType, string body)
    {
        await using var app = await FunctionTestApp.CreateAsync();
        (await app.CaptureAsync(Encoding.ASCII.GetBytes(body), contentType)).AssertProblem(400);
        Assert.Equal(0, await app.CountAllRowsAsync());
    }
}
