using System.Security.Cryptography;
using ConsentFunctions.Core.Proofs;

namespace ConsentFunctions.Tests.Proofs;

public class MerkleTreeTests
{
    // The eight leaves of the Certificate Transparency test vectors (RFC 6962's reference tests), and their roots.
    private static readonly byte[][] VectorLeaves =
    [
        [], [0x00], [0x10], [0x20, 0x21], [0x30, 0x31], [0x40, 0x41, 0x42, 0x43],
        [0x50, 0x51, 0x52, 0x53, 0x54, 0x55, 0x56, 0x57],
        [0x60, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x6b, 0x6c, 0x6d, 0x6e, 0x6f],
    ];

    [Fact]
    public void Leaves_nodes_and_roots_follow_RFC_9162_domain_separation_and_the_published_vectors()
    {
        Assert.Equal("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d", Convert.ToHexStringLower(MerkleTree.LeafHash([])));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData([])), Convert.ToHexStringLower(MerkleTree.Root([])));
        var leaves = VectorLeaves.Select(l => MerkleTree.LeafHash(l)).ToList();
        Assert.Equal("5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328", Convert.ToHexStringLower(MerkleTree.Root(leaves)));
        // A node is never a leaf: the same 64 bytes hash differently under the two prefixes.
        var pair = leaves[0].Concat(leaves[1]).ToArray();
        Assert.NotEqual(MerkleTree.LeafHash(pair), MerkleTree.NodeHash(leaves[0], leaves[1]));
    }

    [Fact]
    public void Every_path_of_every_tree_up_to_40_leaves_verifies_here_and_in_the_verifier_and_nowhere_else()
    {
        for (var n = 1; n <= 40; n++)
        {
            var leaves = Enumerable.Range(0, n).Select(i => MerkleTree.LeafHash(BitConverter.GetBytes(i))).ToList();
            var root = MerkleTree.Root(leaves);
            // The verifier's own bottom-up implementation agrees on the root.
            Assert.Equal(root, ConsentFunctions.Verify.Merkle.Root(leaves));
            for (var m = 0; m < n; m++)
            {
                var path = MerkleTree.InclusionPath(leaves, m);
                Assert.True(MerkleTree.VerifyInclusion(leaves[m], m, n, path, root), $"n={n} m={m}");
                Assert.True(ConsentFunctions.Verify.Merkle.Includes(leaves[m], m, n, path, root), $"verifier n={n} m={m}");
                // Another leaf, another index or a shortened path fails. (The leaf count is not checked
                // here: the timestamped statement binds it to the root.)
                if (n > 1)
                {
                    Assert.False(MerkleTree.VerifyInclusion(leaves[(m + 1) % n], m, n, path, root), $"leaf n={n} m={m}");
                    Assert.False(ConsentFunctions.Verify.Merkle.Includes(leaves[m], (m + 1) % n, n, path, root), $"index n={n} m={m}");
                    Assert.False(ConsentFunctions.Verify.Merkle.Includes(leaves[m], m, n, path.Take(path.Count - 1).ToList(), root), $"path n={n} m={m}");
                }
            }
        }
    }
}
