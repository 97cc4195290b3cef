using Monitor.Core.References;
using Monitor.Data.Processes;

namespace Monitor.Testing.Registry;

/// <summary>An independent opinion on digests: <c>skopeo inspect --raw</c> and the sha256 of exactly those bytes.</summary>
public static class Skopeo
{
    public static async Task<Sha256Digest> RawManifestDigestAsync(string reference, string? credentials = null, CancellationToken cancellationToken = default)
    {
        string[] arguments =
        [
            "inspect", "--raw", "--tls-verify=false",
            .. credentials is null ? ["--no-creds"] : new[] { "--creds", credentials },
            "docker://" + reference,
        ];
        using var raw = new MemoryStream();
        var command = ProcessRunner.Command(FindBinary(), arguments).WithStandardOutputPipe(CliWrap.PipeTarget.ToStream(raw));
        var result = await ProcessRunner.RunAsync(command, TimeSpan.FromMinutes(1), cancellationToken);
        return result.Succeeded
            ? Sha256Digest.Compute(raw.ToArray())
            : throw new InvalidOperationException($"skopeo inspect {reference} failed ({result.ExitCode}): {result.StandardError}");
    }

    private static string FindBinary() =>
        new[] { "/usr/bin/skopeo", "/usr/local/bin/skopeo" }.FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException("skopeo is not installed: apt-get install skopeo");
}
