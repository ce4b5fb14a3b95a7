using System.Security.Cryptography;
using System.Text;

namespace ConsentFunctions.Verify;

/// <summary>RFC 9162 section 2.1 hashing and inclusion checks, written here again so the verifier trusts no code of the service.</summary>
internal static class Merkle
{
    public static byte[] Leaf(string leafText)
    {
        var data = Encoding.UTF8.GetBytes(leafText);
        var buffer = new byte[data.Length + 1];
        data.CopyTo(buffer, 1);
        return SHA256.HashData(buffer);
    }

    public static byte[] Node(byte[] left, byte[] right)
    {
        var buffer = new byte[65];
        buffer[0] = 1;
        left.CopyTo(buffer, 1);
        right.CopyTo(buffer, 33);
        return SHA256.HashData(buffer);
    }

    public static byte[] Root(IReadOnlyList<byte[]> leaves)
    {
        if (leaves.Count == 0)
        {
            return SHA256.HashData([]);
        }
        // Bottom-up: RFC 9162's tree is the same as pairing left to right and carrying the odd node up.
        var level = leaves.ToList();
        while (level.Count > 1)
        {
            var next = new List<byte[]>((level.Count + 1) / 2);
            for (var i = 0; i < level.Count; i += 2)
            {
                next.Add(i + 1 < level.Count ? Node(level[i], level[i + 1]) : level[i]);
            }
            level = next;
        }
        return level[0];
    }

    /// <summary>RFC 9162 section 2.1.3.2.</summary>
    public static bool Includes(byte[] leaf, long index, long size, IReadOnlyList<byte[]> path, byte[] root)
    {
        if (index < 0 || index >= size)
        {
            return false;
        }
        long fn = index, sn = size - 1;
        var r = leaf;
        foreach (var p in path)
        {
            if (sn == 0 || p.Length != 32)
            {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn)
            {
                r = Node(p, r);
                while ((fn & 1) == 0 && fn != 0)
                {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
            else
            {
                r = Node(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && r.AsSpan().SequenceEqual(root);
    }
}
