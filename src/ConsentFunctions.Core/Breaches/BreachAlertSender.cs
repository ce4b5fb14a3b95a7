using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using ConsentFunctions.Core.Email;
using ConsentFunctions.Core.Json;
using ConsentFunctions.Core.Storage;
using ConsentFunctions.Core.Validation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ConsentFunctions.Core.Breaches;

/// <summary>
/// Sends one breach alert: on queue <c>breach-alerts</c> and, when <c>Breaches:AlertEmails</c> is set,
/// as an email on queue <c>confirmation-emails</c> (both durable; their failure is the caller's to
/// handle), and to the webhook of setting <c>Alerts:WebhookUrl</c> when set (best effort, retried
/// with back-off; its failure is logged and never thrown).
/// </summary>
public sealed partial class BreachAlertSender(
    ConsentQueues queues,
    EmailOutbox emails,
    IHttpClientFactory httpClients,
    IOptions<AlertOptions> options,
    IOptions<BreachOptions> breachOptions,
    ILogger<BreachAlertSender> logger)
{
    /// <summary>The name of the webhook's client in IHttpClientFactory.</summary>
    public const string WebhookClient = "breach-alerts-webhook";

    public static byte[] Serialize(BreachAlert alert) => JsonSerializer.SerializeToUtf8Bytes(alert, JsonDefaults.Options);

    public async Task EnqueueAsync(BreachAlert alert, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var queue = await queues.GetAsync(QueueNames.BreachAlerts);
        await queue.SendMessageAsync(new BinaryData(Serialize(alert)), cancellationToken: cancellationToken);
    }

    /// <summary>
    /// Queues the alert's email to the addresses of <c>Breaches:AlertEmails</c>; false when none is set.
    /// <paramref name="missing"/>: the notification content still missing (BreachRules.MissingContent).
    /// </summary>
    public async Task<bool> EnqueueEmailAsync(BreachAlert alert, IReadOnlyList<string> missing, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var recipients = breachOptions.Value.AlertEmailList();
        if (recipients.Count == 0)
        {
            return false;
        }
        await emails.EnqueueAsync(BreachAlertEmail.Compose(alert, missing, recipients), cancellationToken);
        return true;
    }

    /// <summary>Posts the alert to the webhook; true when it answered 2xx, false when it never did or none is set.</summary>
    public async Task<bool> PostWebhookAsync(BreachAlert alert, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var settings = options.Value;
        if (string.IsNullOrWhiteSpace(settings.WebhookUrl))
        {
            return false;
        }
        if (!HttpUrls.TryParse(settings.WebhookUrl, out var url))
        {
            LogWebhookMisconfigured(logger);
            return false;
        }
        var body = Serialize(alert);
        var client = httpClients.CreateClient(WebhookClient);
        var attempts = 1 + Math.Max(0, settings.WebhookRetries);
        for (var attempt = 1; attempt <= attempts; attempt++)
        {
            if (attempt > 1)
            {
                await Task.Delay(settings.WebhookBackoff * Math.Pow(2, attempt - 2), cancellationToken);
            }
            int status;
            try
            {
                using var content = new ByteArrayContent(body);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
                using var response = await client.PostAsync(url, content, cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    LogWebhookSent(logger, alert.BreachId, alert.Threshold, attempt);
                    return true;
                }
                status = (int)response.StatusCode;
                if (!IsTransient(response.StatusCode))
                {
                    LogWebhookRefused(logger, alert.BreachId, alert.Threshold, status);
                    return false;
                }
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                status = 0; // no answer: network error or timeout
            }
            LogWebhookAttemptFailed(logger, alert.BreachId, alert.Threshold, attempt, attempts, status);
        }
        return false;
    }

    private static bool IsTransient(HttpStatusCode status)
        => status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;

    // Never the URL: it may carry a key.
    [LoggerMessage(Level = LogLevel.Error, Message = "Alerts:WebhookUrl is not an absolute http(s) URL; breach alerts go to the queue only")]
    private static partial void LogWebhookMisconfigured(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Breach {BreachId} alert {Threshold}h posted to the webhook (attempt {Attempt})")]
    private static partial void LogWebhookSent(ILogger logger, string breachId, int threshold, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Breach {BreachId} alert {Threshold}h: webhook attempt {Attempt} of {Attempts} failed with status {Status}")]
    private static partial void LogWebhookAttemptFailed(ILogger logger, string breachId, int threshold, int attempt, int attempts, int status);

    [LoggerMessage(Level = LogLevel.Error, Message = "Breach {BreachId} alert {Threshold}h: the webhook refused it with status {Status}; not retried")]
    private static partial void LogWebhookRefused(ILogger logger, string breachId, int threshold, int status);
}
