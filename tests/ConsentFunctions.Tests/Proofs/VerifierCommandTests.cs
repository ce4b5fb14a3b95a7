using ConsentFunctions.Verify;

namespace ConsentFunctions.Tests.Proofs;

/// <summary>The verifier's command line: bad arguments and unreadable packs never pass.</summary>
public class VerifierCommandTests
{
    [Fact]
    public void Bad_arguments_print_the_usage_and_exit_64()
    {
        foreach (var args in new[] { Array.Empty<string>(), ["--root-dir"], ["a.json", "b.json"], ["a.json", "--unknown"] })
        {
            using var output = new StringWriter();
            using var errors = new StringWriter();
            Assert.Equal(64, PackVerifier.Run(args, output, errors));
            Assert.StartsWith("usage: ConsentFunctions.Verify pack.json", errors.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_missing_unreadable_or_foreign_pack_fails()
    {
        Assert.Equal(1, ProofCalls.Verify("{ not json").ExitCode);
        var foreign = ProofCalls.Verify("{\"format\":\"something-else\",\"receipts\":[],\"acts\":[],\"days\":[]}");
        Assert.Equal(1, foreign.ExitCode);
        Assert.Contains("FAIL pack: not a consent-proof-pack/1 document", foreign.Output, StringComparison.Ordinal);
        using var output = new StringWriter();
        Assert.Equal(1, PackVerifier.Run([Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".json")], output, output));
        Assert.StartsWith("FAIL pack: cannot be read", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_pack_proves_nothing_and_fails()
    {
        var empty = ProofCalls.Verify("{\"format\":\"consent-proof-pack/1\",\"receipts\":[],\"acts\":[],\"days\":[]}");
        Assert.Equal(1, empty.ExitCode);
        Assert.Equal("FAIL pack: holds no receipt and no act, so it proves nothing", empty.Output.TrimEnd());
    }
}
