namespace Monitor.Worker.Hosting;

/// <summary>The service's exit code: 0 unless something that keeps it from working stopped it (then 1, for a supervisor).</summary>
public sealed class ServiceExit
{
    private int code;

    public int Code => code;

    public void Fail() => code = 1;
}
