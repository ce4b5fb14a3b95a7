using System.Text.Json.Nodes;

namespace ConsentFunctions.Tests.Infrastructure;

/// <summary>Request bodies the tests post, built from one valid example of the contract.</summary>
public static class Forms
{
    public const string MarketingWording = "J'accepte de recevoir par e-mail les offres commerciales de Boutique Exemple.";

    public static JsonObject Valid(string email)
        => new()
        {
            ["subject"] = new JsonObject { ["email"] = email, ["firstName"] = "Jeanne", ["lastName"] = "Martin" },
            ["audience"] = "consumer",
            ["form"] = new JsonObject { ["id"] = "newsletter-footer", ["url"] = "https://shop.example.fr/", ["language"] = "fr-FR" },
            ["consents"] = new JsonArray
            {
                new JsonObject
                {
                    ["purpose"] = "marketing", ["channel"] = "email", ["wording"] = MarketingWording,
                    ["checked"] = true, ["checkedByDefault"] = false,
                },
                new JsonObject
                {
                    ["purpose"] = "partner-sharing", ["channel"] = "email",
                    ["wording"] = "J'accepte que mes coordonnées soient transmises aux partenaires listés ci-dessous.",
                    ["checked"] = false, ["checkedByDefault"] = false,
                    ["partners"] = new JsonArray("Acme SAS", "Librairie Dupont SARL"),
                },
            },
        };

    public static string UniqueEmail(string prefix = "jeanne") => $"{prefix}.{Guid.NewGuid():N}@example.fr";
}
