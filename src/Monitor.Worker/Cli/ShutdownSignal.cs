using System.Runtime.InteropServices;

namespace Monitor.Worker.Cli;

/// <summary>
/// Ctrl-C (SIGINT) and SIGTERM as a cancellation token, so a verb stops cleanly (leaving the embedded database the
/// way <see cref="Data.LocalServer.LocalPostgresCluster"/> says) and the service shuts down gracefully. A second signal
/// ends the process at once.
/// </summary>
internal sealed class ShutdownSignal : IDisposable
{
    private readonly CancellationTokenSource source = new();
    private readonly PosixSignalRegistration[] registrations;

    public ShutdownSignal() =>
        registrations = [PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle), PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle)];

    public CancellationToken Token => source.Token;

    public bool Requested => source.IsCancellationRequested;

    public void Dispose()
    {
        foreach (var registration in registrations)
        {
            registration.Dispose();
        }

        source.Dispose();
    }

    private void Handle(PosixSignalContext context)
    {
        if (source.IsCancellationRequested)
        {
            return;
        }

        context.Cancel = true;
        source.Cancel();
    }
}
