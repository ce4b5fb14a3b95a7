using ConsentFunctions.Core.Capture;

namespace ConsentFunctions.Tests.Capture;

public class WordingHashTests
{
    [Fact]
    public void Hashes_the_utf8_bytes_as_lower_case_hex()
        // sha256("abc"), the FIPS 180-2 test vector
        => Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", WordingHash.Sha256Hex("abc"));

    [Fact]
    public void Composed_and_decomposed_accents_are_different_wordings()
        // "é" as one code point and as e + combining acute: the bytes shown differ, so do the proofs.
        => Assert.NotEqual(WordingHash.Sha256Hex("J'accepte \u00e9"), WordingHash.Sha256Hex("J'accepte e\u0301"));

    [Fact]
    public void Whitespace_is_part_of_the_wording()
        => Assert.NotEqual(WordingHash.Sha256Hex("J'accepte"), WordingHash.Sha256Hex("J'accepte "));
}
