namespace Monitor.Registry.Client;

/// <summary>
/// When the request behind an answer was sent and when its answer arrived. A tag seen with its old digest was unchanged
/// at <see cref="SentAt"/> at the latest; a tag seen with a new digest had changed by <see cref="AnsweredAt"/>: the stored
/// detection window [last <see cref="SentAt"/> with the old digest, first <see cref="AnsweredAt"/> with the new] then
/// always contains the true change, however long a cycle takes. For a batch listing (one page answering for many tags)
/// both are the page request's.
/// </summary>
public readonly record struct RequestTiming(DateTimeOffset SentAt, DateTimeOffset AnsweredAt);
