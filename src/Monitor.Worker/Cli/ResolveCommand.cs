using System.CommandLine;
using System.Text.Json;
using Monitor.Core.References;
using Monitor.Registry.Client;

namespace Monitor.Worker.Cli;

/// <summary>
/// <c>monitor resolve &lt;reference&gt; [--json]</c>: what a tag points at now (canonical name, digest, media type,
/// platforms). Exit codes: 0 resolved, 1 the registry read failed or the tag does not exist, 2 bad reference or configuration.
/// </summary>
public static class ResolveCommand
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static Command Create(VerbHost verbs)
    {
        var reference = new Argument<string>("reference")
        {
            Description = "Image reference, e.g. python:3.13-slim, ghcr.io/owner/image:tag or name@sha256:…",
        };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON" };
        var command = new Command("resolve", "Resolve an image reference to its current digest, media type and platforms");
        command.Arguments.Add(reference);
        command.Options.Add(json);
        command.SetAction(async (ParseResult result, CancellationToken cancellationToken) =>
        {
            var configuration = result.InvocationConfiguration;
            return await RunAsync(verbs, result.GetRequiredValue(reference), result.GetValue(json), configuration.Output, configuration.Error, cancellationToken);
        });
        return command;
    }

    private static async Task<int> RunAsync(VerbHost verbs, string text, bool asJson, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (!ImageReference.TryParse(text, out var reference, out var parseError))
        {
            await error.WriteLineAsync($"error: {parseError}");
            return MonitorCommandLine.BadInput;
        }

        return await verbs.RunAsync(VerbNeeds.Registry, (services, ct) => ResolveAsync(services.GetRequiredService<IRegistryClient>(), reference!, asJson, output, error, ct), cancellationToken);
    }

    private static async Task<int> ResolveAsync(IRegistryClient client, ImageReference reference, bool asJson, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var resolved = await client.ResolveAsync(reference, cancellationToken);
        if (resolved is not ResolveResult.Found found)
        {
            await error.WriteLineAsync(resolved is ResolveResult.Failed failed
                ? $"error: {reference.Canonical}: {failed.Failure.Cause}"
                : $"error: {reference.Canonical}: not found (no such tag or repository)");
            return MonitorCommandLine.Failure;
        }

        var platforms = await client.GetPlatformsAsync(reference, found.Digest, cancellationToken);
        if (platforms is not PlatformsResult.Found { Platforms: var list })
        {
            await error.WriteLineAsync(platforms is PlatformsResult.Failed platformsFailed
                ? $"error: {reference.Canonical}: platforms: {platformsFailed.Failure.Cause}"
                : $"error: {reference.Canonical}: manifest {found.Digest} vanished while reading its platforms");
            return MonitorCommandLine.Failure;
        }

        await output.WriteLineAsync(asJson ? ToJson(found, list) : ToText(found, list));
        return MonitorCommandLine.Success;
    }

    private static string ToText(ResolveResult.Found found, IReadOnlyList<PlatformDigest> platforms)
    {
        var lines = new List<string>
        {
            $"Reference:  {found.Reference.Canonical}",
            $"Digest:     {found.Digest}",
            $"Media type: {found.MediaType}",
        };
        if (found.RateLimit is { } rateLimit)
        {
            lines.Add($"Pulls left: {rateLimit.Remaining}{(rateLimit.Limit is { } limit ? $" of {limit}" : "")}");
        }

        var width = platforms.Count == 0 ? 0 : platforms.Max(p => p.Platform.Length);
        lines.AddRange(platforms.Count == 0
            ? ["Platforms:  (unknown)"]
            : platforms.Select((p, i) => $"{(i == 0 ? "Platforms:  " : "            ")}{p.Platform.PadRight(width)}  {p.Digest}"));
        return string.Join(Environment.NewLine, lines);
    }

    private static string ToJson(ResolveResult.Found found, IReadOnlyList<PlatformDigest> platforms) =>
        JsonSerializer.Serialize(new
        {
            reference = found.Reference.Canonical,
            registry = found.Reference.Registry,
            repository = found.Reference.Repository,
            tag = found.Reference.Tag,
            digest = found.Digest.Value,
            mediaType = found.MediaType,
            rateLimitRemaining = found.RateLimit?.Remaining,
            platforms = platforms.Select(p => new { p.Os, p.Architecture, p.Variant, Digest = p.Digest.Value }),
        }, Json);
}
