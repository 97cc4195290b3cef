namespace Monitor.Data.History;

/// <summary>One tag's answer that changes nothing in its history (same digest, or gone).</summary>
/// <param name="RevisionId">The tag's current revision as the poll loaded it: a tag another poll has moved on since is left alone.</param>
/// <param name="CheckedAt">When the request behind the answer was sent: the registry still served what it said after that.</param>
public readonly record struct TagCheck(long TagId, long? RevisionId, DateTimeOffset CheckedAt);
