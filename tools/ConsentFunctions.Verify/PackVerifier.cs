using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;

namespace ConsentFunctions.Verify;

/// <summary>
/// Checks a proof pack without the service: every act's leaf is computed again from the receipt
/// document (or, for an act without a receipt, from its stated fields), its inclusion path walked
/// to the day's root, and the root checked against the RFC 3161 token and the authority's
/// certificate, and against the stored root blobs when given. One line per receipt or act.
/// Exit code: 0 all proven, 1 something failed (named on its line), 2 nothing failed but some
/// act's day is not rooted or stamped yet.
/// </summary>
public static class PackVerifier
{
    private const string TimeStampingUsage = "1.3.6.1.5.5.7.3.8";
    private static readonly HashSet<string> ActStatuses = new(StringComparer.Ordinal) { "given", "refused", "withdrawn" };

    public static int Run(string[] args, TextWriter output, TextWriter errors)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(errors);
        string? packPath = null, rootDir = null, tsaCert = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--root-dir" when i + 1 < args.Length:
                    rootDir = args[++i];
                    break;
                case "--tsa-cert" when i + 1 < args.Length:
                    tsaCert = args[++i];
                    break;
                default:
                    if (packPath is not null || args[i].StartsWith("--", StringComparison.Ordinal))
                    {
                        errors.WriteLine("usage: ConsentFunctions.Verify pack.json [--root-dir DIR] [--tsa-cert FILE]");
                        return 64;
                    }
                    packPath = args[i];
                    break;
            }
        }
        if (packPath is null)
        {
            errors.WriteLine("usage: ConsentFunctions.Verify pack.json [--root-dir DIR] [--tsa-cert FILE]");
            return 64;
        }
        try
        {
            using var pack = JsonDocument.Parse(File.ReadAllBytes(packPath));
            X509Certificate2? pinned = tsaCert is null ? null : X509CertificateLoader.LoadCertificate(ReadCertificate(tsaCert));
            return new Verification(pack.RootElement, rootDir, pinned, output).Verify();
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException or CryptographicException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            output.WriteLine("FAIL pack: cannot be read (" + e.Message + ")");
            return 1;
        }
    }

    private static byte[] ReadCertificate(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var text = Encoding.ASCII.GetString(bytes);
        return text.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal) ? X509Certificate2.CreateFromPem(text).RawData : bytes;
    }

    private sealed class Verification(JsonElement pack, string? rootDir, X509Certificate2? pinned, TextWriter output)
    {
        private readonly Dictionary<string, DayCheck> _days = new(StringComparer.Ordinal);
        private readonly Dictionary<string, JsonElement> _acts = new(StringComparer.Ordinal);
        private bool _failed;
        private bool _pending;

        public int Verify()
        {
            if (Str(pack, "format") != "consent-proof-pack/1")
            {
                output.WriteLine("FAIL pack: not a consent-proof-pack/1 document");
                return 1;
            }
            foreach (var act in pack.GetProperty("acts").EnumerateArray())
            {
                _acts[Str(act, "id")!] = act;
            }
            if (_acts.Count == 0 && pack.GetProperty("receipts").GetArrayLength() == 0)
            {
                output.WriteLine("FAIL pack: holds no receipt and no act, so it proves nothing");
                return 1;
            }
            var covered = new HashSet<string>(StringComparer.Ordinal);
            foreach (var receipt in pack.GetProperty("receipts").EnumerateArray())
            {
                VerifyReceipt(receipt, covered);
            }
            foreach (var act in _acts.Values.Where(a => !covered.Contains(Str(a, "id")!)))
            {
                VerifyLoneAct(act);
            }
            return _failed ? 1 : _pending ? 2 : 0;
        }

        private void VerifyReceipt(JsonElement receipt, HashSet<string> covered)
        {
            var receiptId = Str(receipt, "receiptId") ?? "?";
            var problems = new List<string>();
            var text = Str(receipt, "document") ?? string.Empty;
            var documentSha = Hex(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
            using var document = JsonDocument.Parse(text);
            var doc = document.RootElement;
            if (Str(doc, "receiptId") != receiptId)
            {
                problems.Add("the document is not the receipt it is listed as");
            }
            var subject = receiptId.Length > 26 ? receiptId[26..] : string.Empty;
            var source = doc.TryGetProperty("source", out var s) ? s : default;
            var actTime = TimeText(source.ValueKind == JsonValueKind.Object && Str(source, "collectedAt") is { } collected ? collected : Str(doc, "recordedAt")!);
            var days = new SortedSet<string>(StringComparer.Ordinal);
            var anchored = 0;
            foreach (var box in doc.GetProperty("consents").EnumerateArray())
            {
                var index = box.GetProperty("index").GetInt32();
                if (Hex(SHA256.HashData(Encoding.UTF8.GetBytes(Str(box, "wording") ?? string.Empty))) != Str(box, "wordingSha256"))
                {
                    problems.Add($"box {index}: the wording does not hash to its wordingSha256 (the wording was changed)");
                }
                var status = Str(box, "status") ?? string.Empty;
                if (!ActStatuses.Contains(status))
                {
                    continue;
                }
                var id = FormattableString.Invariant($"{receiptId}-{index:D2}");
                covered.Add(id);
                var expected = new Act(id, "fr.consent." + status, actTime, subject, Str(box, "channel")!, Str(box, "purpose")!, receiptId, documentSha);
                if (!_acts.TryGetValue(id, out var stated))
                {
                    problems.Add($"act {id} (box {index}, {status}) is missing from the pack (its stored act was deleted)");
                    continue;
                }
                foreach (var (field, value) in expected.Fields())
                {
                    if (Str(stated, field) != value)
                    {
                        problems.Add($"act {id}: the stored act's {field} is '{Str(stated, field)}', the receipt says '{value}' (a stored act or the receipt was changed)");
                    }
                }
                if (CheckAnchor(id, expected.LeafHash(), stated, problems) is { } day)
                {
                    days.Add(day);
                    anchored++;
                }
            }
            Report("receipt " + receiptId, problems, anchored == 0 ? "no act to anchor (no box given, refused or withdrawn)" : Anchors(anchored, days));
        }

        private void VerifyLoneAct(JsonElement stated)
        {
            var id = Str(stated, "id")!;
            var problems = new List<string>();
            string? day = null;
            if (Str(stated, "receiptId") is { } receiptId)
            {
                problems.Add($"its receipt {receiptId} is not in the pack");
            }
            else
            {
                var act = new Act(id, Str(stated, "type")!, Str(stated, "time")!, Str(stated, "subject")!, Str(stated, "channel")!, Str(stated, "purpose")!, null, null);
                day = CheckAnchor(id, act.LeafHash(), stated, problems);
            }
            Report($"act {id} ({Str(stated, "type")}, {Str(stated, "channel")}/{Str(stated, "purpose")}, {Str(stated, "time")})", problems,
                day is null ? string.Empty : Anchors(1, [day]));
        }

        /// <summary>Walks the act's path from the leaf computed here; returns the day when the act is proven in it.</summary>
        private string? CheckAnchor(string id, byte[] leaf, JsonElement stated, List<string> problems)
        {
            if (Str(stated, "leaf") != Hex(leaf))
            {
                problems.Add($"act {id}: the leaf computed from the receipt differs from the pack's (the receipt or the act changed since it was recorded)");
            }
            switch (Str(stated, "status"))
            {
                case "pending":
                    problems.Add($"PENDING act {id}: its day is not rooted yet");
                    return null;
                case "anchored":
                    break;
                default:
                    problems.Add($"act {id}: not in the root of the day it was logged (changed since, or never rooted)");
                    return null;
            }
            var dayName = Str(stated, "day")!;
            var day = Day(dayName);
            if (day.Problem is not null)
            {
                problems.Add(day.Problem);
                return null;
            }
            var path = stated.GetProperty("path").EnumerateArray().Select(p => Convert.FromHexString(p.GetString()!)).ToList();
            if (!Merkle.Includes(leaf, stated.GetProperty("leafIndex").GetInt64(), day.LeafCount, path, day.Root))
            {
                problems.Add($"act {id}: the inclusion path does not lead from its leaf to the root of {dayName} (the act, its receipt, the path or the root changed)");
                return null;
            }
            return dayName;
        }

        private string Anchors(int count, IEnumerable<string> days)
            => $"{count} act{(count == 1 ? "" : "s")} proven in the root of " + string.Join(", ", days.Select(d => $"{d} ({_days[d].LeafCount} leaves, timestamped {_days[d].Stamp})"));

        private void Report(string what, List<string> problems, string proven)
        {
            var failures = problems.Where(p => !p.StartsWith("PENDING ", StringComparison.Ordinal)).ToList();
            if (failures.Count > 0)
            {
                _failed = true;
                output.WriteLine("FAIL " + what + ": " + string.Join("; ", failures.Distinct()));
            }
            else if (problems.Count > 0)
            {
                _pending = true;
                output.WriteLine("PENDING " + what + ": " + string.Join("; ", problems.Select(p => p["PENDING ".Length..]).Distinct()));
            }
            else
            {
                output.WriteLine("OK   " + what + ": " + proven);
            }
        }

        private DayCheck Day(string name)
        {
            if (_days.TryGetValue(name, out var known))
            {
                return known;
            }
            var entry = pack.GetProperty("days").EnumerateArray().FirstOrDefault(d => Str(d, "day") == name);
            DayCheck check;
            if (entry.ValueKind != JsonValueKind.Object)
            {
                check = new DayCheck(0, [], string.Empty, $"day {name}: missing from the pack");
            }
            else
            {
                var leafCount = entry.GetProperty("leafCount").GetInt32();
                var root = Convert.FromHexString(Str(entry, "root")!);
                check = new DayCheck(leafCount, root, string.Empty, null);
                check = check with { Problem = CheckDay(name, entry, leafCount, root, out var stamp), Stamp = stamp };
            }
            return _days[name] = check;
        }

        private string? CheckDay(string name, JsonElement entry, int leafCount, byte[] root, out string stamp)
        {
            stamp = string.Empty;
            var statement = FormattableString.Invariant($"consent-proof-root/1\nday={name}\nleaves={leafCount}\nroot={Hex(root)}");
            if (Str(entry, "timestamp") is not { } tokenText)
            {
                return $"day {name}: no timestamp token ({Str(entry, "timestampStatus")}): its root is not anchored with a third party";
            }
            var token = Convert.FromBase64String(tokenText);
            if (!Rfc3161TimestampToken.TryDecode(token, out var decoded, out _))
            {
                return $"day {name}: the timestamp token is not a valid RFC 3161 token";
            }
            var extra = pinned is null ? null : new X509Certificate2Collection(pinned);
            if (!decoded.VerifySignatureForHash(SHA256.HashData(Encoding.UTF8.GetBytes(statement)), HashAlgorithmName.SHA256, out var signer, extra) || signer is null)
            {
                return $"day {name}: the timestamp token does not sign this day's root (the root, its leaf count or the token changed)";
            }
            var usages = signer.Extensions.OfType<X509EnhancedKeyUsageExtension>().SelectMany(e => e.EnhancedKeyUsages.Cast<Oid>()).Select(o => o.Value);
            if (!usages.Contains(TimeStampingUsage))
            {
                return $"day {name}: the token's signer is not a timestamping certificate";
            }
            var genTime = decoded.TokenInfo.Timestamp;
            if (pinned is not null && !IssuedBy(signer, pinned, genTime))
            {
                return $"day {name}: the token was not signed by the given TSA certificate";
            }
            var dayEnd = DateTimeOffset.ParseExact(name, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).AddDays(1);
            if (genTime < dayEnd)
            {
                return $"day {name}: timestamped at {genTime:O}, before the day ended";
            }
            stamp = genTime.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) + " by " + signer.Subject;
            return rootDir is null ? null : CheckStored(name, leafCount, root, token);
        }

        private string? CheckStored(string name, int leafCount, byte[] root, byte[] token)
        {
            var rootFile = Path.Combine(rootDir!, name, "root.json");
            if (!File.Exists(rootFile))
            {
                return $"day {name}: no stored root in {rootDir}";
            }
            using var stored = JsonDocument.Parse(File.ReadAllBytes(rootFile));
            var s = stored.RootElement;
            if (Str(s, "root") != Hex(root) || s.GetProperty("leafCount").GetInt32() != leafCount)
            {
                return $"day {name}: the stored root blob differs from the pack's root";
            }
            var leaves = s.GetProperty("leaves").EnumerateArray().Select(l => Convert.FromHexString(Str(l, "leaf")!)).ToList();
            if (leaves.Count != leafCount || !Merkle.Root(leaves).AsSpan().SequenceEqual(root))
            {
                return $"day {name}: the stored root blob's leaves do not hash to its root";
            }
            var tokenFile = Path.Combine(rootDir!, name, "timestamp.tst");
            if (!File.Exists(tokenFile) || !File.ReadAllBytes(tokenFile).AsSpan().SequenceEqual(token))
            {
                return $"day {name}: the stored timestamp token differs from the pack's";
            }
            return null;
        }

        private static bool IssuedBy(X509Certificate2 signer, X509Certificate2 anchor, DateTimeOffset at)
        {
            if (signer.RawData.AsSpan().SequenceEqual(anchor.RawData))
            {
                return true;
            }
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(anchor);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            chain.ChainPolicy.VerificationTime = at.UtcDateTime;
            return chain.Build(signer);
        }
    }

    private sealed record DayCheck(int LeafCount, byte[] Root, string Stamp, string? Problem);

    private sealed record Act(string Id, string Type, string Time, string Subject, string Channel, string Purpose, string? ReceiptId, string? ReceiptSha256)
    {
        public IEnumerable<(string Field, string? Value)> Fields()
            => [("type", Type), ("time", Time), ("subject", Subject), ("channel", Channel), ("purpose", Purpose), ("receiptId", ReceiptId), ("receiptSha256", ReceiptSha256)];

        /// <summary>The leaf text of docs/PROOF.md, "consent-proof-leaf/1".</summary>
        public byte[] LeafHash() => Merkle.Leaf(string.Join('\n',
            "consent-proof-leaf/1", "id=" + Id, "type=" + Type, "time=" + Time, "subject=" + Subject,
            "channel=" + Channel, "purpose=" + Purpose, "receipt=" + ReceiptId, "receiptSha256=" + ReceiptSha256));
    }

    private static string TimeText(string iso)
        => DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static string? Str(JsonElement element, string name)
        => element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
