namespace Monitor.Worker.Polling;

/// <summary>Told about every finished poll cycle (e.g. to refresh the cadence snapshot at once).</summary>
public interface IPollCycleObserver
{
    void CycleFinished(PollSummary summary);
}
