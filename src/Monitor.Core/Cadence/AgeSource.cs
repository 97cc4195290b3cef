namespace Monitor.Core.Cadence;

/// <summary>What the time a tag's age counts from is (wire names in <see cref="WireNames.AgeSources"/>).</summary>
public enum AgeSource
{
    /// <summary>The registry's push time of the digest.</summary>
    Pushed,

    /// <summary>The image config's <c>created</c> time.</summary>
    Created,

    /// <summary>No registry time known: the poll that first saw the digest.</summary>
    FirstSeen,
}
