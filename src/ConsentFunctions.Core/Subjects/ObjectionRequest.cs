namespace ConsentFunctions.Core.Subjects;

/// <summary>The body of POST /api/subjects/object: omitted lists mean all channels or all purposes.</summary>
public sealed class ObjectionRequest
{
    public SubjectRef? Subject { get; set; }
    public List<string?>? Channels { get; set; }
    public List<string?>? Purposes { get; set; }
}
