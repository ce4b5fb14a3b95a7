using System.Text;
using System.Text.Json.Nodes;
using CsCheck;

namespace ConsentFunctions.Tests.Hostile;

/// <summary>One generated request, and what was done to it (printed when a case fails).</summary>
public sealed record HostileRequest(string Route, string Mutation, string Method, string PathAndQuery, byte[]? Body, string? ContentType,
    IReadOnlyList<KeyValuePair<string, string>> Headers, bool AdminKey, bool WantsHtml)
{
    public override string ToString()
    {
        var body = Body is null ? "(none)" : Body.Length > 300 ? $"{Body.Length} bytes: " + Printable(Body[..300]) + "…" : Printable(Body);
        var headers = string.Join("; ", Headers.Select(h => h.Key + ": " + (h.Value.Length > 80 ? $"({h.Value.Length} chars)" : h.Value)));
        var path = PathAndQuery.Length > 200 ? PathAndQuery[..200] + $"…({PathAndQuery.Length} chars)" : PathAndQuery;
        return $"[{Route} / {Mutation}] {Method} {path} admin={AdminKey} type={ContentType ?? "(none)"} headers={headers} body={body}";
    }

    private static string Printable(byte[] bytes)
        => string.Concat(bytes.Select(b => b is >= 32 and < 127 ? ((char)b).ToString() : $"\\x{b:x2}"));
}

/// <summary>
/// The generated corpus of hostile requests (CsCheck): every route of the contract, each request
/// broken in one way the contract refuses (malformed, truncated or nested JSON, wrong types, nulls,
/// content types, broken multipart, charsets, out-of-range dates, ids such as <c>.</c> and <c>..</c>,
/// invisible text, oversized bodies, bad tokens and keys), sometimes with huge headers or query
/// strings on top. None of them may be a 5xx, or change storage.
/// </summary>
public static class HostileCorpus
{
    public static readonly string[] Invisible =
        ["", " ", "\u200B", "\u200B\u200C\u200D", "\u2060", "\uFEFF", "\u00A0\u00A0", "\u3164", "\u115F\u1160", "\u202E\u202D", "\t \u2003", "\u180E", "\uFFA0"];

    public static readonly string[] HostileIds =
        [".", "..", "...", "./x", "../..", "a/../b", "%2e", "%2E%2E", "%00", "a%0d%0ab", "\u200B", "-", "_._", "a b", "<script>", "' or 1=1 --",
            "ﬁ", "a:b:c", new string('a', 300), "%F0%9F%92%A9", "%C3%28", "a|b"];

    public static readonly string[] BadDates =
        ["1600-12-31T23:59:59Z", "0001-01-01T00:00:00Z", "1000-06-15T12:00:00+02:00", "9999-12-31T23:59:59Z", "9999-12-31T23:59:59-05:00",
            "2026-13-01T00:00:00Z", "2026-11-30T10:00:00", "2026-11-30", "yesterday", "", "2026-02-30T00:00:00Z", "+002026-11-30T10:00:00Z",
            "1601-01-01T00:00:00+01:00"];

    public static readonly string[] UnsupportedContentTypes =
        ["text/plain", "application/xml", "text/html", "application/octet-stream", "application/json; charset=latin1", "application/json; charset=utf-16",
            "application/json; charset=\"klingon\"", "image/png", "application/x-www-form-urlencoded; charset=utf-7", "json", ";;;", "application/json, text/plain",
            "multipart/mixed; boundary=x", "*/*"];

    private static readonly string[] QueryValues =
        ["", "yes", "no", "1", "0", "TRUE", "False", " true", "true ", "on", "%00", "true%00", "t r u e", "\u200Btrue", "null", "[true]"];

    /// <summary>The whole corpus: a route, a way to break it, and perhaps huge headers or a long query on top.</summary>
    public static Gen<HostileRequest> Requests =>
        from route in Gen.OneOf([.. HostileRoutes.All])
        from request in ForRoute(route)
        from decorated in Decorate(route, request)
        select decorated;

    private static Gen<HostileRequest> ForRoute(HostileRoute route)
    {
        var gens = new List<Gen<HostileRequest>>();
        if (route.HasBody)
        {
            gens.Add(JsonMutations(route));
            gens.Add(ContentTypeMutations(route));
        }
        if (route.Path.Contains("{id}", StringComparison.Ordinal))
        {
            // Kestrel (and Azure's front end) refuse a NUL or CR/LF in a path with a bare 400 before any app code runs,
            // and resolve dot segments (RFC 3986, also %2E): /api/breaches/. is /api/breaches/, another route, not an id.
            // Ids "." and ".." are tried where they are ids: in bodies (noticeId, form.id, submissionId).
            var pathIds = HostileIds.Where(id => !id.Contains("%00", StringComparison.Ordinal) && !id.Contains("%0d", StringComparison.OrdinalIgnoreCase)
                && id.Replace("%2e", ".", StringComparison.OrdinalIgnoreCase).Replace("/", "", StringComparison.Ordinal).Trim('.').Length > 0).ToArray();
            gens.Add(from id in Gen.OneOf(pathIds)
                     from body in Gen.Const(route.HasBody ? Utf8(route.Template!().ToJsonString()) : null)
                     select Make(route, "hostile id " + id, route.Path.Replace("{id}", InPath(id), StringComparison.Ordinal), body, route.HasBody ? "application/json" : null));
        }
        if (route.Query is not null)
        {
            gens.Add(QueryMutations(route));
        }
        if (route.FormsAllowed)
        {
            gens.Add(FormMutations(route));
        }
        if (route.Admin)
        {
            gens.Add(BadAdminKey(route));
        }
        if (gens.Count == 0)
        {
            gens.Add(Gen.Const(Make(route, "as is", route.Path.Replace("{id}", "x", StringComparison.Ordinal), null, null)));
        }
        return Gen.OneOf(gens.Cast<IGen<HostileRequest>>().ToArray());
    }

    private static HostileRequest Make(HostileRoute route, string mutation, string pathAndQuery, byte[]? body, string? contentType,
        bool adminKey = true, IReadOnlyList<KeyValuePair<string, string>>? headers = null, bool wantsHtml = false)
        => new(route.Name, mutation, route.Method, pathAndQuery, body, contentType, headers ?? [], route.Admin && adminKey, wantsHtml);

    private static string PathOf(HostileRoute route, string? queryValue = null)
    {
        var path = route.Path.Replace("{id}", "does-not-exist", StringComparison.Ordinal);
        return route.Query is null ? path : path + "?" + route.Query + "=" + (queryValue ?? "not-valid");
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>An id as a client puts it in a path: escapes already written stay, dots and slashes stay as they are.</summary>
    private static string InPath(string id)
        => string.Concat(id.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '/' or '%' or '-' or '_' or '~' ? c.ToString() : Uri.EscapeDataString(c.ToString())));

    // ---- JSON bodies ----

    private static Gen<HostileRequest> JsonMutations(HostileRoute route)
    {
        var template = route.Template!;
        var valid = template().ToJsonString();
        var gens = new List<Gen<HostileRequest>>
        {
            // Any proper prefix of a JSON object is not JSON.
            Gen.Int[0, valid.Length - 2].Select(cut => Make(route, "truncated", PathOf(route), Utf8(valid[..cut]), "application/json")),
            Gen.Int[17, 3000].Select(depth => Make(route, "nested", PathOf(route),
                Utf8("{\"" + FirstField(template()) + "\":" + new string('[', depth) + new string(']', depth) + "}"), "application/json")),
            Gen.Int[17, 400].Select(depth => Make(route, "nested objects", PathOf(route),
                Utf8(string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth)), "application/json")),
            Gen.OneOf("", "null", "[]", "0", "\"text\"", "true", "{", "}", "{}}", "{\"a\":}", "{'a':1}", "\u00EF\u00BB\u00BF{", "NaN", "{\"a\":1,}", "[{}]",
                "{\"a\":\"\\ud800\"}", "{\"a\":\"\\u0000\"}")
                .Where(body => body != "{}" || route.Required is { Length: > 0 })
                .Select(body => Make(route, "not an object", PathOf(route), Utf8(body), "application/json")),
            // Wrong JSON type at a field of the contract (a string where an object goes, and so on).
            from path in Gen.OneOf([.. Paths(template())])
            from replacement in Gen.OneOf<JsonNode>(42, 3.5, true, new JsonArray(1, 2), new JsonObject { ["x"] = 1 }, "text")
            where !SameKind(Get(template(), path), replacement)
            select Make(route, "wrong type at " + path, PathOf(route), Utf8(Set(template(), path, replacement).ToJsonString()), "application/json"),
            // The first field sent twice: ambiguous, refused.
            Gen.Const(Make(route, "duplicated field", PathOf(route),
                Utf8("{\"" + FirstField(template()) + "\":" + template()[FirstField(template())]!.ToJsonString() + "," + valid[1..]), "application/json")),
            // Bytes that are not UTF-8 inside a string.
            Gen.Int[1, valid.Length - 2].Select(at => Make(route, "invalid UTF-8", PathOf(route), InvalidUtf8Inside(valid), "application/json")),
            // Larger than any route accepts.
            Gen.Int[600_000, 700_000].Select(size => Make(route, "oversized", PathOf(route),
                Utf8(valid[..^1] + ",\"padding\":\"" + new string('a', size) + "\"}"), "application/json")),
        };
        if (route.Required is { Length: > 0 } required)
        {
            gens.Add(from path in Gen.OneOf(required)
                     from absent in Gen.Bool
                     select Make(route, (absent ? "missing " : "null ") + path, PathOf(route),
                         Utf8((absent ? Remove(template(), path) : Set(template(), path, null)).ToJsonString()), "application/json"));
        }
        if (route.Dates is { Length: > 0 } dates)
        {
            gens.Add(from path in Gen.OneOf(dates)
                     from date in Gen.OneOf(BadDates)
                     select Make(route, "date " + date + " at " + path, PathOf(route), Utf8(Set(template(), path, date).ToJsonString()), "application/json"));
        }
        if (route.Texts is { Length: > 0 } texts)
        {
            gens.Add(from path in Gen.OneOf(texts)
                     from text in Gen.OneOf(Invisible)
                     select Make(route, "invisible text at " + path, PathOf(route), Utf8(Set(template(), path, text).ToJsonString()), "application/json"));
        }
        if (route.Ids is { Length: > 0 } ids)
        {
            gens.Add(from path in Gen.OneOf(ids)
                     from id in Gen.OneOf(HostileIds)
                     select Make(route, "hostile id at " + path, PathOf(route), Utf8(Set(template(), path, Uri.UnescapeDataString(id)).ToJsonString()), "application/json"));
        }
        return Gen.OneOf(gens.Cast<IGen<HostileRequest>>().ToArray());
    }

    private static Gen<HostileRequest> ContentTypeMutations(HostileRoute route)
    {
        var valid = Utf8(route.Template!().ToJsonString());
        var types = route.FormsAllowed
            ? UnsupportedContentTypes.Where(t => !t.StartsWith("application/x-www-form-urlencoded", StringComparison.Ordinal)).ToArray()
            : [.. UnsupportedContentTypes, "application/x-www-form-urlencoded", "multipart/form-data; boundary=abc"];
        return from type in Gen.OneOf<string?>([.. types, null])
               select Make(route, "content type " + (type ?? "(none)"), PathOf(route), valid, type);
    }

    private static string FirstField(JsonObject template) => template.First().Key;

    private static byte[] InvalidUtf8Inside(string json)
    {
        // Inside the first string value: a lone continuation byte, an overlong form, a surrogate, or a cut sequence.
        var at = json.IndexOf(":\"", StringComparison.Ordinal) + 2;
        var bytes = Utf8(json).ToList();
        bytes.InsertRange(Encoding.UTF8.GetByteCount(json[..at]), new byte[] { 0xC3, 0x28, 0x80, 0xED, 0xA0, 0x80, 0xC0, 0xAF });
        return [.. bytes];
    }

    // ---- JSON paths of the templates: "consents[1].partners[0]" ----

    public static IEnumerable<string> Paths(JsonNode node, string prefix = "")
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, child) in obj)
                {
                    var path = prefix.Length == 0 ? name : prefix + "." + name;
                    yield return path;
                    if (child is not null)
                    {
                        foreach (var p in Paths(child, path))
                        {
                            yield return p;
                        }
                    }
                }
                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    var path = $"{prefix}[{i}]";
                    yield return path;
                    foreach (var p in Paths(array[i]!, path))
                    {
                        yield return p;
                    }
                }
                break;
        }
    }

    private static bool SameKind(JsonNode? current, JsonNode replacement)
        => current?.GetValueKind() == replacement.GetValueKind()
            || current?.GetValueKind() is System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False
                && replacement.GetValueKind() is System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False
            // Counts are numbers: 3.5 where a whole number goes is wrong, 42 is not.
            || current?.GetValueKind() == System.Text.Json.JsonValueKind.Number && replacement.ToJsonString() == "42";

    private static List<object> Steps(string path)
    {
        var steps = new List<object>();
        foreach (var part in path.Split('.'))
        {
            var bracket = part.IndexOf('[', StringComparison.Ordinal);
            var name = bracket < 0 ? part : part[..bracket];
            if (name.Length > 0)
            {
                steps.Add(name);
            }
            while (bracket >= 0)
            {
                var close = part.IndexOf(']', bracket);
                steps.Add(int.Parse(part[(bracket + 1)..close], System.Globalization.CultureInfo.InvariantCulture));
                bracket = part.IndexOf('[', close);
            }
        }
        return steps;
    }

    private static JsonNode? Get(JsonObject root, string path)
    {
        JsonNode? node = root;
        foreach (var step in Steps(path))
        {
            node = step is string name ? node?[name] : node?[(int)step];
        }
        return node;
    }

    public static JsonObject Set(JsonObject root, string path, JsonNode? value)
    {
        var steps = Steps(path);
        JsonNode parent = root;
        foreach (var step in steps[..^1])
        {
            parent = step is string name ? parent[name]! : parent[(int)step]!;
        }
        if (steps[^1] is string last)
        {
            parent[last] = value;
        }
        else
        {
            parent[(int)steps[^1]] = value;
        }
        return root;
    }

    private static JsonObject Remove(JsonObject root, string path)
    {
        var steps = Steps(path);
        JsonNode parent = root;
        foreach (var step in steps[..^1])
        {
            parent = step is string name ? parent[name]! : parent[(int)step]!;
        }
        if (steps[^1] is string last)
        {
            parent.AsObject().Remove(last);
        }
        else
        {
            parent.AsArray().RemoveAt((int)steps[^1]);
        }
        return root;
    }

    // ---- query strings and tokens ----

    private static Gen<HostileRequest> QueryMutations(HostileRoute route)
    {
        var values = route.Query == "token"
            ? Gen.OneOf(
                Gen.OneOf("", "x", ".", "..", "a.b", "eyJ9.eyJ9", "%00", "%FF%FE", "====", new string('A', 600), "YQ.YQ", "YQ==.YQ==", "YQ%3D%3D.YQ"),
                Gen.String[Gen.Char["A-Za-z0-9-_."], 1, 300].Select(Uri.EscapeDataString))
            : Gen.OneOf(Gen.OneOf(QueryValues).Select(Uri.EscapeDataString), Gen.OneOf("true&" + route.Query + "=false", "true&" + route.Query + "=true"));
        return from value in values
               from html in route.Name.StartsWith("unsubscribe", StringComparison.Ordinal) ? Gen.Bool : Gen.Const(false)
               select Make(route, "query " + route.Query + "=" + value, route.Path + "?" + route.Query + "=" + value,
                   route.Method == "POST" && route.FormsAllowed ? Utf8("List-Unsubscribe=One-Click") : null,
                   route.Method == "POST" && route.FormsAllowed ? "application/x-www-form-urlencoded" : null,
                   headers: html ? [new("Accept", "text/html,application/xhtml+xml")] : null, wantsHtml: html);
    }

    // ---- browser forms: charsets and broken multipart ----

    private static Gen<HostileRequest> FormMutations(HostileRoute route)
    {
        var path = route.Name == "capture" ? route.Path : route.Path + "?token=not-a-token";
        // What a windows-1252 page sends for "Française" without saying so: not UTF-8.
        var latin1Form = Encoding.Latin1.GetBytes("form.id=f1&subject.email=jeanne%40example.fr&consents[0].purpose=marketing&consents[0].channel=email"
            + "&consents[0].checkedByDefault=false&consents[0].checked=on&consents[0].wording=J%27accepte+la+lettre+Fran%E7aise");
        var rawLatin1 = Encoding.Latin1.GetBytes("form.id=f1&subject.email=jeanne%40example.fr&consents[0].wording=Fran\u00E7aise&consents[0].purpose=marketing&consents[0].channel=email&consents[0].checkedByDefault=false");
        var cases = new (string Name, string ContentType, byte[] Body)[]
        {
            ("multipart without boundary", "multipart/form-data", Utf8("--x\r\nContent-Disposition: form-data; name=\"form.id\"\r\n\r\nf1\r\n--x--\r\n")),
            ("multipart body null", "multipart/form-data; boundary=x", Utf8("null")),
            ("multipart empty", "multipart/form-data; boundary=x", []),
            ("multipart without closing boundary", "multipart/form-data; boundary=x", Utf8("--x\r\nContent-Disposition: form-data; name=\"form.id\"\r\n\r\nf1\r\n")),
            ("multipart truncated headers", "multipart/form-data; boundary=x", Utf8("--x\r\nContent-Disposition: form-da")),
            ("multipart other boundary", "multipart/form-data; boundary=y", Utf8("--x\r\nContent-Disposition: form-data; name=\"form.id\"\r\n\r\nf1\r\n--x--\r\n")),
            ("multipart without disposition", "multipart/form-data; boundary=x", Utf8("--x\r\nContent-Type: text/plain\r\n\r\nf1\r\n--x--\r\n")),
            ("multipart boundary too long", "multipart/form-data; boundary=" + new string('b', 200), Utf8("--" + new string('b', 200) + "--\r\n")),
            ("multipart huge part header", "multipart/form-data; boundary=x", Utf8("--x\r\nContent-Disposition: form-data; name=\"" + new string('n', 20_000) + "\"\r\n\r\nv\r\n--x--\r\n")),
            ("multipart quoted empty boundary", "multipart/form-data; boundary=\"\"", Utf8("--\r\n")),
            ("urlencoded latin1 without charset", "application/x-www-form-urlencoded", latin1Form),
            ("urlencoded raw latin1 bytes", "application/x-www-form-urlencoded", rawLatin1),
            ("urlencoded unknown charset", "application/x-www-form-urlencoded; charset=klingon", latin1Form),
            ("urlencoded utf-7", "application/x-www-form-urlencoded; charset=utf-7", latin1Form),
            ("urlencoded utf-16", "application/x-www-form-urlencoded; charset=utf-16", latin1Form),
            ("urlencoded _charset_ unknown", "application/x-www-form-urlencoded", Utf8("_charset_=ebcdic&form.id=f1")),
            ("multipart latin1 without charset", "multipart/form-data; boundary=x",
                [.. Utf8("--x\r\nContent-Disposition: form-data; name=\"consents[0].wording\"\r\n\r\n"), .. Encoding.Latin1.GetBytes("Fran\u00E7aise"), .. Utf8("\r\n--x--\r\n")]),
            ("urlencoded field twice", "application/x-www-form-urlencoded", Utf8("form.id=a&form.id=b&List-Unsubscribe=One-Click&List-Unsubscribe=One-Click")),
            ("urlencoded nothing", "application/x-www-form-urlencoded", []),
            ("urlencoded garbage", "application/x-www-form-urlencoded", Utf8("%%%&&&===&%ZZ=%&consents[999999999].x=1&consents[0]]=2")),
        };
        return from c in Gen.OneOf(cases)
               from html in Gen.Bool
               select Make(route, c.Name, path, c.Body, c.ContentType,
                   headers: html ? [new("Accept", "text/html,application/xhtml+xml")] : null, wantsHtml: html);
    }

    // ---- the admin key ----

    private static Gen<HostileRequest> BadAdminKey(HostileRoute route)
        => from key in Gen.OneOf<string?>(null, "", "local-admin-key", "test-admin-key-", "TEST-ADMIN-KEY", "test-admin-ke", new string('k', 8000), "test-admin-key\u200B", "%00")
           select Make(route, "admin key " + (key is null ? "(none)" : $"'{(key.Length > 20 ? key[..20] + "…" : key)}'"), PathOf(route),
               route.HasBody ? Utf8(route.Template!().ToJsonString()) : null, route.HasBody ? "application/json" : null, adminKey: false,
               headers: key is null ? null : [new("x-functions-key", key)]);

    // ---- on top: huge headers, many headers, a long query string, a foreign origin ----

    private static Gen<HostileRequest> Decorate(HostileRoute route, HostileRequest request)
        => Gen.Int[0, 9].SelectMany(choice => choice switch
        {
            0 => Gen.Int[8_000, 24_000].Select(size => request with
            {
                Mutation = request.Mutation + " + huge header",
                Headers = [.. request.Headers, new("X-Padding", new string('h', size))],
            }),
            // Kestrel takes at most 100 headers (431 beyond, before any app code).
            1 => Gen.Int[20, 90].Select(count => request with
            {
                Mutation = request.Mutation + " + many headers",
                Headers = [.. request.Headers, .. Enumerable.Range(0, count).Select(i => new KeyValuePair<string, string>("X-Many-" + i, "v" + i))],
            }),
            2 => Gen.Int[2_000, 6_000].Select(size => request with
            {
                Mutation = request.Mutation + " + long query",
                PathAndQuery = request.PathAndQuery + (request.PathAndQuery.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "pad=" + new string('q', size),
            }),
            3 when route.Name.StartsWith("capture", StringComparison.Ordinal) => Gen.OneOf("https://evil.example", "null", "http://localhost:3000.evil.example", "https://shop.example.fr.evil").Select(origin => request with
            {
                Mutation = request.Mutation + " + origin " + origin,
                Headers = [.. request.Headers, new("Origin", origin)],
            }),
            4 => Gen.OneOf("User-Agent", "Referer", "Accept-Language", "Cookie").Select(name => request with
            {
                Mutation = request.Mutation + " + long " + name,
                Headers = [.. request.Headers, new(name, string.Concat(Enumerable.Repeat("é\u200B<x>", 1500)))],
            }),
            _ => Gen.Const(request),
        });
}
