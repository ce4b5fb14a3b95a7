using ConsentFunctions.Core.Calling;
using ConsentFunctions.Core.Capture;
using ConsentFunctions.Core.Retention;
using ConsentFunctions.Core.Subjects;

namespace ConsentFunctions.Core.Decisions;

/// <summary>
/// May we contact this identifier on this channel for this purpose at this time? RULES.md
/// section 3 (version 2), row by row in its order, first match wins. Pure: facts and dates come
/// in, no I/O, no clock. Each answer carries the number of the rule that decided it.
/// </summary>
public static class DecisionEngine
{
    public static bool IsElectronic(string channel) => ChannelCatalog.IsElectronic(channel);

    private static readonly CallingSettings DefaultCalling = new(new CallingOptions());

    /// <param name="calling">The decree's time zone and calendar; Europe/Paris and the Labour Code's holidays when omitted.</param>
    public static Decision Decide(DecisionQuestion q, SubjectFacts facts, RulesOptions rules, RetentionOptions retention, CallingSettings? calling = null)
    {
        ArgumentNullException.ThrowIfNull(q);
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(retention);
        var decision = DecideByTable(q, AsOf(facts, q.At), rules, retention);
        if (decision.Allowed && IsLiveCallToConsumer(q, facts, decision))
        {
            decision = ApplyCallingDecree(decision, q.At, facts, calling ?? DefaultCalling);
        }
        else if (decision.Allowed && q.Channel == "phone")
        {
            // A refusal during a call is an objection to calls for 60 days, whatever the audience (section 2).
            decision = ApplyRefusalOnCall(decision, q.At, facts);
        }
        var partner = facts.Consents.Where(c => c.FromPartner && c.SourcePartner is not null).MaxBy(c => c.ActAt)?.SourcePartner;
        return partner is null ? decision : decision with { SourcePartner = partner };
    }

    private static Decision DecideByTable(DecisionQuestion q, SubjectFacts facts, RulesOptions rules, RetentionOptions retention)
    {
        // 1. The person's latest act for this channel and purpose is a no.
        var act = PersonActs.Deciding(facts, q.Channel, q.Purpose, q.At);
        if (act is { IsNegative: true })
        {
            // A later consent awaiting its confirmation is what the person (perhaps) wants now.
            return Decision.Refuse(AwaitsConfirmation(facts, q, after: act.At) ? Reasons.PendingConfirmation : act.Kind switch
            {
                ActKinds.Refused => Reasons.Refused,
                ActKinds.Withdrawn => Reasons.Withdrawn,
                _ => Reasons.Objection,
            }, 1);
        }
        var consent = act?.Consent; // a valid consent stands (rule 1 let it through)

        var generic = facts.Identifier.IsEmail && rules.IsGenericBusinessAddress(facts.Identifier.Value);
        // The stricter of the recorded and the requested audience: a caller cannot turn a consumer into a professional.
        var consumer = IsConsumer(facts, q);

        // 2. Nothing recorded.
        if (!facts.HasRecords && !(generic && !consumer))
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
        var phoneOptIn = q.Channel == "phone" && consumer && q.At >= rules.PhoneOptInFrom;

        if (q.Purpose == Vocabulary.PartnerSharing)
        {
            // 4. Data a partner handed over is never passed on again: refused when everything held,
            //    or everything held for this channel, came from a partner.
            var onChannel = facts.Consents.Where(c => c.Channel == q.Channel).ToList();
            if ((facts.Consents.Count > 0 && facts.Consents.All(c => c.FromPartner)) || (onChannel.Count > 0 && onChannel.All(c => c.FromPartner)))
            {
                return Decision.Refuse(Reasons.NoOnwardTransfer, 4);
            }
            if (electronic || phoneOptIn)
            {
                // 5. Consent travels only to the partners listed on the form the person ticked.
                if (consent is not null && !consent.FromPartner)
                {
                    return q.Partner is not null && (consent.Partners ?? []).Any(p => SamePartner(p, q.Partner))
                        ? Decision.Allow(Bases.Consent, 5, expiresAt, consent.ReceiptId)
                        : Decision.Refuse(Reasons.PartnerNotListed, 5);
                }
                return Decision.Refuse(NoConsent(facts, q), 5);
            }
            // 6. Post, phone to professionals, phone before the opt-in date: informed of the transfer, on our form.
            var informedOfTransfer = onChannel.Any(c => c.Purpose == Vocabulary.PartnerSharing && !c.FromPartner && c.Partners is { Count: > 0 });
            return informedOfTransfer ? Decision.Allow(Bases.LegitimateInterest, 6, expiresAt) : Decision.Refuse(Reasons.NotInformed, 6);
        }

        // 7. A generic address of a business (contact@…) is not a person's; fax always needs consent.
        if (!consumer && generic && q.Channel != "fax")
        {
            return Decision.Allow(Bases.GenericBusinessAddress, 7, expiresAt);
        }

        // 8. Electronic: a valid consent for this channel and purpose, any audience.
        if (electronic && consent is not null)
        {
            return Decision.Allow(Bases.Consent, 8, expiresAt, consent.ReceiptId);
        }

        var informed = IsInformed(facts, q.Channel, q.Purpose);
        if (electronic && consumer)
        {
            // 9. Soft opt-in: a customer who bought, similar products, never fax (CPCE L.34-5 al. 4).
            if (ChannelCatalog.Get(q.Channel).SoftOptIn && q.Purpose == "marketing" && q.SimilarProducts
                && RetentionPolicy.HasPurchaseWithinWindow(facts, retention, q.At))
            {
                return Decision.Allow(Bases.SoftOptIn, 9, expiresAt);
            }
            // 10. Non-commercial appeals to people who were informed.
            if (q.Purpose == "non-commercial" && informed)
            {
                return Decision.Allow(Bases.NonCommercial, 10, expiresAt);
            }
        }

        if (q.Channel == "fax")
        {
            // 11. Fax: consent from every natural person, professionals included.
            return Decision.Refuse(OnlyPreTicked(facts, q) ? Reasons.PreTicked : NoConsent(facts, q), 11);
        }

        if (electronic && consumer)
        {
            // 12. Otherwise no. Say when the only records are pre-ticked boxes: the form must change.
            return Decision.Refuse(OnlyPreTicked(facts, q) ? Reasons.PreTicked : NoConsent(facts, q), 12);
        }

        if (electronic)
        {
            // 13. Professionals: about their profession, once informed.
            if (!q.RelatedToProfession)
            {
                return Decision.Refuse(Reasons.NotRelatedToProfession, 13);
            }
            return informed ? Decision.Allow(Bases.LegitimateInterest, 13, expiresAt) : Decision.Refuse(Reasons.NotInformed, 13);
        }

        if (q.Channel == "phone")
        {
            if (phoneOptIn)
            {
                // 14. Consumers' phones are opt-in from 2026-08-11 (law n° 2025-594, art. 13), or within an ongoing contract.
                if (consent is not null)
                {
                    return Decision.Allow(Bases.Consent, 14, expiresAt, consent.ReceiptId);
                }
                if (q.SimilarProducts && RetentionPolicy.IsCustomerRelationshipActive(facts))
                {
                    return Decision.Allow(Bases.OngoingContract, 14, expiresAt);
                }
                return Decision.Refuse(NoConsent(facts, q), 14);
            }
            // 15. Consumers before that date, and professionals: opt-out, once informed.
            return informed ? Decision.Allow(Bases.LegitimateInterest, 15, expiresAt) : Decision.Refuse(Reasons.NotInformed, 15);
        }

        if (q.Channel == "postal")
        {
            // 16. Post: opt-out, once informed.
            return informed ? Decision.Allow(Bases.LegitimateInterest, 16, expiresAt) : Decision.Refuse(Reasons.NotInformed, 16);
        }

        // Not covered by the rules: the safe answer of a consent system is no.
        return Decision.Refuse(Reasons.NoConsent, 0);
    }

    /// <summary>The decree binds live calls to consumers (rules 5, 6, 14, 15), never professionals or post.</summary>
    private static bool IsLiveCallToConsumer(DecisionQuestion q, SubjectFacts facts, Decision decision)
        => q.Channel == "phone" && decision.Rule is 5 or 6 or 14 or 15 && IsConsumer(facts, q);

    private static bool IsConsumer(SubjectFacts facts, DecisionQuestion q)
    {
        var recorded = facts.Consents.MaxBy(c => c.RecordedAt)?.Audience;
        return recorded == "consumer" || q.Audience == "consumer" || (recorded is null && q.Audience is null);
    }

    /// <summary>
    /// 17. Calling days and hours in the consumer's zone, at most 4 attempts in 30 days, no call for
    /// 60 days after a refusal during a call (Consumer Code art. D.223-9). A refusal says when the
    /// next call would be allowed. Call records are read whatever `at` says: they all count.
    /// </summary>
    private static Decision ApplyCallingDecree(Decision allowed, DateTimeOffset at, SubjectFacts facts, CallingSettings calling)
    {
        var attempts = facts.Interactions.Where(i => i.Kind == InteractionKinds.CallAttempt).Select(i => i.At).ToList();
        var refusals = facts.Interactions.Where(i => i.Kind == InteractionKinds.CallRefused).Select(i => i.At).ToList();
        var verdict = CallingHours.Check(at, calling.ZoneFor(facts.TimeZone), calling.Holidays, attempts, refusals);
        return verdict.Allowed ? allowed : Decision.Refuse(verdict.Reason!, 17) with { NextAllowedAt = verdict.NextAllowedAt };
    }

    private static Decision ApplyRefusalOnCall(Decision allowed, DateTimeOffset at, SubjectFacts facts)
    {
        var holding = facts.Interactions
            .Where(i => i.Kind == InteractionKinds.CallRefused && i.At <= at && at < i.At + CallingHours.RefusalWait)
            .Select(i => (DateTimeOffset?)i.At).Max();
        return holding is null ? allowed : Decision.Refuse(CallingReasons.RefusedOnCall, 17) with { NextAllowedAt = holding.Value + CallingHours.RefusalWait };
    }

    /// <summary>
    /// Informed for a channel and purpose (RULES.md section 2): a box for it was shown on one of our
    /// forms, in any mode and state, or for marketing a purchase was recorded. Never outweighs an act.
    /// </summary>
    public static bool IsInformed(SubjectFacts facts, string channel, string purpose)
    {
        ArgumentNullException.ThrowIfNull(facts);
        // A consent awaiting confirmation may have been typed by someone else: it informs no one yet.
        return facts.Consents.Any(c => c.Channel == channel && c.Purpose == purpose && !c.FromPartner && c.Status != ConsentValidityResult.Pending)
            || (purpose == "marketing" && facts.Interactions.Any(i => i.Kind == InteractionKinds.Purchase));
    }

    private static bool OnlyPreTicked(SubjectFacts facts, DecisionQuestion q)
    {
        var records = facts.Consents.Where(c => c.Channel == q.Channel && c.Purpose == q.Purpose && c.Status != ConsentValidityResult.Pending).ToList();
        return records.Count > 0 && records.All(c => c.Reason == "pre-ticked");
    }

    /// <summary>No consent stands: say so, or that one awaits the confirmation of the address's owner.</summary>
    private static string NoConsent(SubjectFacts facts, DecisionQuestion q)
        => AwaitsConfirmation(facts, q, after: DateTimeOffset.MinValue) ? Reasons.PendingConfirmation : Reasons.NoConsent;

    /// <summary>
    /// A consent for this channel and purpose, posted after <paramref name="after"/>, awaits its
    /// confirmation at the question's time (double opt-in or re-permission, RULES.md section 2).
    /// One past its ConfirmBy has expired: it no longer counts for anything.
    /// </summary>
    public static bool AwaitsConfirmation(SubjectFacts facts, DecisionQuestion q, DateTimeOffset after)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(q);
        return facts.Consents.Any(c => c.Channel == q.Channel && c.Purpose == q.Purpose && c.RecordedAt >= after && c.RecordedAt <= q.At
            && (c.Status == ConsentValidityResult.Pending && (c.ConfirmBy is null || q.At < c.ConfirmBy)
                || c.ConfirmedAt is { } confirmedAt && q.At < confirmedAt)); // confirmed since: it was pending then
    }

    private static bool SamePartner(string listed, string asked)
        => string.Equals(listed.Trim(), asked.Trim(), StringComparison.OrdinalIgnoreCase);

    // Consents and interactions recorded after `at` did not exist then. Refusals, withdrawals and
    // objections always count, whatever `at` (PersonActs keeps them).
    private static SubjectFacts AsOf(SubjectFacts facts, DateTimeOffset at)
        => facts with
        {
            Consents = facts.Consents.Where(c => c.RecordedAt <= at || ConsentValidityResult.Acts.Contains(c.Status) && c.Status != ConsentValidityResult.Given).ToList(),
            Interactions = facts.Interactions.Where(i => i.At <= at).ToList(),
        };
}
