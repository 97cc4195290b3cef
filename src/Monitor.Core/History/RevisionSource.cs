namespace Monitor.Core.History;

/// <summary>How a revision was learned: by our own poll, or back-filled from a registry's history API.</summary>
public enum RevisionSource
{
    Poll,
    Backfill,
}
