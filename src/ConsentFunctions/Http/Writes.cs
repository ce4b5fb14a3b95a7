namespace ConsentFunctions.Http;

/// <summary>
/// The cancellation policy of writes, named once. Reads take the request's abort token (a client
/// that went away needs no answer), but a write never does: once started it completes, so a
/// client that hangs up mid-write never leaves half a record, and its retry (same submission id,
/// same message) finds the write done. Queue and timer functions write under the same policy:
/// a message is deleted only after its effect is stored.
/// </summary>
public static class Writes
{
    /// <summary>The token every write takes: never cancelled.</summary>
    public static readonly CancellationToken NeverCancelled = CancellationToken.None;
}
