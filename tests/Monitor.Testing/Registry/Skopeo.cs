using System.Diagnostics;
using Monitor.Core.References;

namespace Monitor.Testing.Registry;

/// <summary>An independent opinion on digests: <c>skopeo inspect --raw</c> and the sha256 of exactly those bytes.</summary>
public static class Skopeo
{
    public static async Task<Sha256Digest> RawManifestDigestAsync(string reference, string? credentials = null, CancellationToken cancellationToken = default)
    {
        var startInfo = new ProcessStartInfo(FindBinary())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "inspect", "--raw", "--tls-verify=false" })
        {
            startInfo.ArgumentList.Add(argument);
        }

        if (credentials is not null)
        {
            startInfo.ArgumentList.Add("--creds");
            startInfo.ArgumentList.Add(credentials);
        }
        else
        {
            startInfo.ArgumentList.Add("--no-creds");
        }

        startInfo.ArgumentList.Add("docker://" + reference);
        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException("could not start skopeo");
        using var raw = new MemoryStream();
        var stdout = process.StandardOutput.BaseStream.CopyToAsync(raw, cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await Task.WhenAll(stdout, stderr, process.WaitForExitAsync(cancellationToken));
        return process.ExitCode == 0
            ? Sha256Digest.Compute(raw.ToArray())
            : throw new InvalidOperationException($"skopeo inspect {reference} failed ({process.ExitCode}): {stderr.Result}");
    }

    private static string FindBinary() =>
        new[] { "/usr/bin/skopeo", "/usr/local/bin/skopeo" }.FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException("skopeo is not installed: apt-get install skopeo");
}
