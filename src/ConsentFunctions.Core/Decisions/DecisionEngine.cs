using ConsentFunctions.Core.Capture;
using ConsentFunctions.Core.Retention;
using ConsentFunctions.Core.Subjects;

namespace ConsentFunctions.Core.Decisions;

/// <summary>
/// May we contact this identifier on this channel for this purpose at this time? RULES.md
/// section 2, row by row in its order, first match wins. Pure: facts and dates come in, no I/O,
/// no clock. Each answer carries the number of the rule that decided it.
/// </summary>
public static class DecisionEngine
{
    private static readonly HashSet<string> Electronic = new(StringComparer.Ordinal) { "email", "sms", "fax", "automated-call" };

    public static bool IsElectronic(string channel) => Electronic.Contains(channel);

    public static Decision Decide(DecisionQuestion q, SubjectFacts facts, RulesOptions rules, RetentionOptions retention)
    {
        ArgumentNullException.ThrowIfNull(q);
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(retention);

        facts = AsOf(facts, q.At);
        var given = facts.Consents.Where(c => c.Channel == q.Channel && c.Purpose == q.Purpose && c.Status == ConsentValidityResult.Given).ToList();

        // 1. An objection or unsubscribe newer than every consent given for this channel and purpose.
        var suppression = facts.Suppressions.Where(s => s.Covers(q.Channel, q.Purpose)).MaxBy(s => s.At);
        var lastGiven = given.MaxBy(c => c.RecordedAt);
        if (suppression is not null && (lastGiven is null || suppression.At >= lastGiven.RecordedAt))
        {
            return Decision.Refuse(suppression.Kind == SuppressionFact.Unsubscribe ? Reasons.Withdrawn : Reasons.Objection, 1);
        }
        // Consents given before a later objection for their channel and purpose no longer count.
        given = given.Where(c => !facts.Suppressions.Any(s => s.Covers(c.Channel, c.Purpose) && s.At >= c.RecordedAt)).ToList();

        var generic = facts.Identifier.IsEmail && rules.IsGenericBusinessAddress(facts.Identifier.Value);
        var audience = q.Audience ?? facts.Consents.MaxBy(c => c.RecordedAt)?.Audience ?? "consumer";

        // 2. Nothing recorded.
        if (!facts.HasRecords && !(generic && audience == "professional"))
        {
            return Decision.Refuse(Reasons.UnknownSubject, 2);
        }

        // 3. Past the retention limit.
        if (RetentionPolicy.IsExpired(facts, retention, q.At))
        {
            return Decision.Refuse(Reasons.Expired, 3);
        }
        var expiresAt = RetentionPolicy.DataExpiresAt(facts, retention);
        var electronic = IsElectronic(q.Channel);
        var informed = facts.Consents.Any(c => c.Channel == q.Channel) || facts.Interactions.Any(i => i.Kind == InteractionKinds.Purchase);

        if (q.Purpose == Vocabulary.PartnerSharing)
        {
            // 4. Data a partner handed over is never passed on again: refused when everything held,
            //    or everything held for this channel, came from a partner. What the person gave us
            //    directly is judged on its own, and partner-sourced records never count below.
            var onChannel = facts.Consents.Where(c => c.Channel == q.Channel).ToList();
            if ((facts.Consents.Count > 0 && facts.Consents.All(FromPartner)) || (onChannel.Count > 0 && onChannel.All(FromPartner)))
            {
                return Decision.Refuse(Reasons.NoOnwardTransfer, 4);
            }
            if (electronic)
            {
                // 5. Consent travels only to the partners listed on the form.
                var direct = given.Where(c => !FromPartner(c)).ToList();
                var listed = direct.Where(c => q.Partner is not null && (c.Partners ?? []).Any(p => SamePartner(p, q.Partner))).MaxBy(c => c.RecordedAt);
                if (listed is not null)
                {
                    return Decision.Allow(Bases.Consent, 5, expiresAt, listed.ReceiptId);
                }
                return Decision.Refuse(direct.Count > 0 ? Reasons.PartnerNotListed : Reasons.NoConsent, 5);
            }
            // 6. Phone or postal: the person may object, which rule 1 honours. Informed by us, directly.
            var informedDirectly = onChannel.Any(c => !FromPartner(c)) || facts.Interactions.Any(i => i.Kind == InteractionKinds.Purchase);
            return informedDirectly ? Decision.Allow(Bases.LegitimateInterest, 6, expiresAt) : Decision.Refuse(Reasons.NoConsent, 6);
        }

        // 7. A generic address of a business (contact@…) is not a person's.
        if (audience == "professional" && generic && electronic)
        {
            return Decision.Allow(Bases.GenericBusinessAddress, 7, expiresAt);
        }

        var consent = given.MaxBy(c => c.RecordedAt);
        if (electronic && audience == "consumer")
        {
            // 8. A valid consent for this channel and purpose.
            if (consent is not null)
            {
                return Decision.Allow(Bases.Consent, 8, expiresAt, consent.ReceiptId);
            }
            // 9. Soft opt-in: existing customer, similar products (CPCE L.34-5 al. 4).
            if (q.Purpose == "marketing" && q.SimilarProducts && RetentionPolicy.IsCustomerWithinWindow(facts, retention, q.At))
            {
                return Decision.Allow(Bases.SoftOptIn, 9, expiresAt);
            }
            // 10. Non-commercial appeals to people who were informed.
            if (q.Purpose == "non-commercial" && informed)
            {
                return Decision.Allow(Bases.SoftOptIn, 10, expiresAt);
            }
            // 11. Otherwise no. Say when the only records are pre-ticked boxes: the form must change.
            var records = facts.Consents.Where(c => c.Channel == q.Channel && c.Purpose == q.Purpose).ToList();
            return Decision.Refuse(records.Count > 0 && records.All(c => c.Reason == "pre-ticked") ? Reasons.PreTicked : Reasons.NoConsent, 11);
        }

        if (electronic)
        {
            // 12. Professionals: about their profession, once informed. A consent they gave is a basis too.
            //     Otherwise the reason is the row's own, informed or not (RULES.md).
            if (consent is not null)
            {
                return Decision.Allow(Bases.Consent, 12, expiresAt, consent.ReceiptId);
            }
            return q.RelatedToProfession && informed
                ? Decision.Allow(Bases.LegitimateInterest, 12, expiresAt)
                : Decision.Refuse(Reasons.NotRelatedToProfession, 12);
        }

        if (q.Channel == "phone")
        {
            if (audience == "consumer" && q.At >= rules.PhoneOptInFrom)
            {
                // 13. Consumers' phones are opt-in from 2026-08-11 (law n° 2025-594, art. 13).
                if (consent is not null)
                {
                    return Decision.Allow(Bases.Consent, 13, expiresAt, consent.ReceiptId);
                }
                if (q.SimilarProducts && RetentionPolicy.IsCustomerRelationshipActive(facts))
                {
                    return Decision.Allow(Bases.SoftOptIn, 13, expiresAt);
                }
                return Decision.Refuse(Reasons.NoConsent, 13);
            }
            // 14. Consumers before that date; 15. professionals: opt-out.
            var rule = audience == "consumer" ? 14 : 15;
            return informed ? Decision.Allow(Bases.LegitimateInterest, rule, expiresAt) : Decision.Refuse(Reasons.NoConsent, rule);
        }

        if (q.Channel == "postal")
        {
            // 16. Post: opt-out, once informed.
            return informed ? Decision.Allow(Bases.LegitimateInterest, 16, expiresAt) : Decision.Refuse(Reasons.NoConsent, 16);
        }

        // Not covered by the rules: the safe answer of a consent system is no.
        return Decision.Refuse(Reasons.NoConsent, 0);
    }

    private static bool FromPartner(ConsentFact c) => c.SourceKind == "partner";

    private static bool SamePartner(string listed, string asked)
        => string.Equals(listed.Trim(), asked.Trim(), StringComparison.OrdinalIgnoreCase);

    // Consents and interactions recorded after `at` did not exist then. Withdrawals and objections
    // always count, whatever `at`: a campaign tool whose clock lags, or that asks about the time it
    // scheduled, must still see the unsubscribe that arrived meanwhile.
    private static SubjectFacts AsOf(SubjectFacts facts, DateTimeOffset at)
        => facts with
        {
            Consents = facts.Consents.Where(c => c.RecordedAt <= at).ToList(),
            Interactions = facts.Interactions.Where(i => i.At <= at).ToList(),
        };
}
