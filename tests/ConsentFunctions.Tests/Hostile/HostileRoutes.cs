using System.Text.Json.Nodes;
using ConsentFunctions.Tests.Breaches;
using ConsentFunctions.Tests.Infrastructure;

namespace ConsentFunctions.Tests.Hostile;

/// <summary>
/// One public route of the contract as the hostile corpus sees it: a valid JSON body to break
/// (never sent as is), and which of its fields are required, dates, caller texts and ids, so each
/// mutation is one that the contract refuses.
/// </summary>
public sealed record HostileRoute(
    string Name,
    string Method,
    string Path,
    bool Admin,
    bool FormsAllowed = false,
    Func<JsonObject>? Template = null,
    string[]? Required = null,
    string[]? Dates = null,
    string[]? Texts = null,
    string[]? Ids = null,
    string? Query = null)
{
    public bool HasBody => Template is not null;

    public override string ToString() => Name;
}

public static class HostileRoutes
{
    private const string At = "2026-11-30T10:00:00.000Z";

    private static JsonObject Subject() => new() { ["email"] = "hostile.person@example.fr" };

    public static readonly IReadOnlyList<HostileRoute> All =
    [
        new("capture", "POST", "/api/consents", Admin: false, FormsAllowed: true,
            Template: () =>
            {
                var form = Forms.Valid("hostile.capture@example.fr");
                form["submissionId"] = "5b0c3c8e-0d7e-4c57-9d5c-hostile00001";
                return form;
            },
            Required: ["subject", "consents", "form", "form.id", "consents[0].checkedByDefault", "consents[0].purpose", "consents[0].channel"],
            Texts: ["consents[0].wording", "consents[1].partners[0]"],
            Ids: ["form.id", "submissionId"]),
        new("capture-preflight", "OPTIONS", "/api/consents", Admin: false),
        new("unsubscribe-page", "GET", "/api/unsubscribe", Admin: false, Query: "token"),
        new("unsubscribe-click", "POST", "/api/unsubscribe", Admin: false, FormsAllowed: true, Query: "token"),
        new("preferences-page", "GET", "/api/preferences", Admin: false, Query: "token"),
        new("preferences-submit", "POST", "/api/preferences", Admin: false, FormsAllowed: true, Query: "token"),
        new("confirm-page", "GET", "/api/confirm", Admin: false, Query: "token"),
        new("confirm-submit", "POST", "/api/confirm", Admin: false, FormsAllowed: true, Query: "token"),
        new("health-wrong-method", "DELETE", "/api/health", Admin: false),
        new("unknown-route", "GET", "/api/{id}/nothing-here", Admin: false),
        new("register-notice", "POST", "/api/notices", Admin: true,
            Template: () => new JsonObject
            {
                ["noticeId"] = "newsletter", ["version"] = "3", ["language"] = "fr-FR", ["purpose"] = "marketing", ["channel"] = "email",
                ["wording"] = Forms.MarketingWording,
            },
            Required: ["noticeId", "version", "language", "purpose", "channel", "wording"],
            Texts: ["wording"], Ids: ["noticeId", "version"]),
        new("get-notice", "GET", "/api/notices/{id}/{id}", Admin: true),
        new("get-receipt", "GET", "/api/receipts/{id}", Admin: true),
        new("decisions", "POST", "/api/decisions", Admin: true,
            Template: () => new JsonObject
            {
                ["subjects"] = new JsonArray(Subject()), ["channel"] = "email", ["purpose"] = "partner-sharing", ["partner"] = "Acme SAS", ["at"] = At,
            },
            Required: ["subjects", "channel", "purpose", "at"], Dates: ["at"], Texts: ["partner"]),
        new("interactions", "POST", "/api/interactions", Admin: true,
            Template: () => new JsonObject { ["subject"] = Subject(), ["kind"] = "purchase", ["at"] = At },
            Required: ["subject", "kind", "at"], Dates: ["at"]),
        new("object", "POST", "/api/subjects/object", Admin: true,
            Template: () => new JsonObject { ["subject"] = Subject(), ["channels"] = new JsonArray("email"), ["purposes"] = new JsonArray("marketing") },
            Required: ["subject"]),
        new("export", "POST", "/api/subjects/export", Admin: true, Template: () => new JsonObject { ["subject"] = Subject() }, Required: ["subject"]),
        new("rectify", "POST", "/api/subjects/rectify", Admin: true,
            Template: () => new JsonObject { ["subject"] = Subject(), ["firstName"] = "Jeanne" }, Required: ["subject", "firstName"]),
        new("erase", "POST", "/api/subjects/erase", Admin: true, Template: () => new JsonObject { ["subject"] = Subject() }, Required: ["subject"]),
        new("subject-proof", "POST", "/api/subjects/proof", Admin: true, Template: () => new JsonObject { ["subject"] = Subject() }, Required: ["subject"]),
        new("receipt-proof", "GET", "/api/receipts/{id}/proof", Admin: true),
        new("unsubscribe-links", "POST", "/api/unsubscribe-links", Admin: true,
            Template: () => new JsonObject { ["subject"] = Subject(), ["channel"] = "email", ["purpose"] = "marketing", ["language"] = "fr" },
            Required: ["subject", "channel", "purpose"]),
        new("preference-links", "POST", "/api/preference-links", Admin: true,
            Template: () => new JsonObject { ["subject"] = Subject(), ["language"] = "fr" }, Required: ["subject"]),
        new("retention-run", "POST", "/api/retention/run", Admin: true, Query: "dryRun"),
        new("retention-runs-unauthorized", "GET", "/api/retention/runs", Admin: true),
        new("open-breach", "POST", "/api/breaches", Admin: true,
            Template: () => BreachCalls.Breach(new DateTimeOffset(2026, 11, 29, 8, 0, 0, TimeSpan.Zero)),
            Required: ["awareAt"], Dates: ["awareAt", "occurredAt"]),
        new("update-breach", "PATCH", "/api/breaches/{id}", Admin: true,
            Template: () => new JsonObject { ["measures"] = "Passwords changed.", ["riskLevel"] = "high" }),
        new("notify-breach", "POST", "/api/breaches/{id}/notify", Admin: true,
            Template: () => new JsonObject { ["notifiedAt"] = At, ["reference"] = "CNIL-2026-000123" }, Dates: ["notifiedAt"]),
        new("decide-breach", "POST", "/api/breaches/{id}/decision", Admin: true,
            Template: () => new JsonObject { ["notifyAuthority"] = true, ["decidedAt"] = At }, Dates: ["decidedAt"]),
        new("get-breach", "GET", "/api/breaches/{id}", Admin: true),
        new("list-breaches", "GET", "/api/breaches", Admin: true, Query: "history"),
    ];
}
