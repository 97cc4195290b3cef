namespace Monitor.Core.History;

/// <summary>What the last poll of a watched tag found (wire names in <see cref="WireNames.PollStatuses"/>).</summary>
public enum PollStatus
{
    /// <summary>Never polled yet.</summary>
    Pending,
    Ok,
    /// <summary>The registry answered 404: the tag is gone (a state, not an error).</summary>
    Missing,
    /// <summary>The last poll failed (network, auth, garbage); history is untouched.</summary>
    Failing,
}
