namespace Monitor.Data.History;

public enum ChangeOutcome
{
    /// <summary>A new revision row (baseline, rebuild or rollback) was written.</summary>
    Recorded,

    /// <summary>Another poll (a replica, a replay) already recorded a successor of the same revision; nothing written.</summary>
    AlreadyRecorded,
}
