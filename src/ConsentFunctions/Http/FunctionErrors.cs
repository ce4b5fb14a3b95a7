using Azure;
using ConsentFunctions.Core.Validation;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;

namespace ConsentFunctions.Http;

/// <summary>
/// The one place where exceptions become answers, so every route speaks problem+json: 4xx for
/// what the caller sent or for what Core refused (not found 404, conflict 409), 503 when storage
/// fails (nothing acknowledged), 500 for the rest.
/// </summary>
public static partial class FunctionErrors
{
    public static async Task<IActionResult> RunAsync(ILogger logger, string operation, Func<Task<IActionResult>> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        try
        {
            return await action();
        }
        catch (RequestValidationException e)
        {
            return ApiResults.Validation(e);
        }
        catch (ForbiddenRequestException e)
        {
            return ApiResults.Problem(StatusCodes.Status403Forbidden, e.Type, e.Title, e.Message);
        }
        catch (NotFoundException e)
        {
            return ApiResults.NotFound(e.What);
        }
        catch (ConflictException e)
        {
            return ApiResults.Conflict(e.Type, e.Title, e.Message);
        }
        catch (PayloadTooLargeException e)
        {
            return ApiResults.Problem(StatusCodes.Status413PayloadTooLarge, "payload-too-large", "The body is too large.", $"At most {e.Limit} bytes are accepted.");
        }
        catch (UnsupportedMediaTypeException e)
        {
            return ApiResults.Problem(StatusCodes.Status415UnsupportedMediaType, "unsupported-media-type", "Unsupported media type.", e.Message);
        }
        catch (BadHttpRequestException)
        {
            return ApiResults.Problem(StatusCodes.Status400BadRequest, "malformed", "Malformed request.", "The request body could not be read.");
        }
        catch (InvalidDataException)
        {
            return ApiResults.Problem(StatusCodes.Status400BadRequest, "malformed", "Malformed request.", "The form body could not be parsed.");
        }
        catch (RequestFailedException e)
        {
            LogStorageFailure(logger, operation, e.Status, e.ErrorCode);
            return ApiResults.StorageUnavailable();
        }
        catch (AggregateException e) when (e.InnerExceptions.All(IsTransportFailure))
        {
            // The SDK's retries all failed: the same as one storage failure.
            LogStorageFailure(logger, operation, 0, "retries-exhausted");
            return ApiResults.StorageUnavailable();
        }
        catch (Exception e) when (IsTransportFailure(e))
        {
            // A connection refused or reset that reached us without the SDK's wrapping (seen when
            // storage stops in the middle of a call): storage failed, nothing was acknowledged.
            LogStorageFailure(logger, operation, 0, e.GetType().Name);
            return ApiResults.StorageUnavailable();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogUnexpected(logger, operation, e.GetType().Name);
            return ApiResults.Problem(StatusCodes.Status500InternalServerError, "internal", "Internal error.", "The request failed; nothing was acknowledged.");
        }
    }

    private static bool IsTransportFailure(Exception e)
        => e is RequestFailedException or System.Net.Sockets.SocketException or System.Net.Http.HttpRequestException
            // The SDK's network timeout (storage accepted the connection and never answered) is a
            // cancellation; writes never take the caller's token (Writes), so this is storage, not the client.
            or OperationCanceledException
            || e is IOException && e is not InvalidDataException;

    // Only the exception type and storage codes are logged: messages may quote input.
    [LoggerMessage(Level = LogLevel.Error, Message = "{Operation}: storage failed with status {Status} and code {ErrorCode}")]
    private static partial void LogStorageFailure(ILogger logger, string operation, int status, string? errorCode);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Operation}: unexpected {ExceptionType}")]
    private static partial void LogUnexpected(ILogger logger, string operation, string exceptionType);
}
