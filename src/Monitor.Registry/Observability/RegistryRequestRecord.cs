namespace Monitor.Registry.Observability;

/// <summary>One registry request as the metrics layer sees it: low-cardinality attributes only (no repository, tag or digest).</summary>
/// <remarks>
/// <c>Registry</c>: Normalised registry (<c>docker.io</c>), or <c>hub.docker.com</c> for the Hub tag API.<br/>
/// <c>Method</c>: <c>HEAD</c> or <c>GET</c>.<br/>
/// </remarks>
public sealed record RegistryRequestRecord(string Registry, string Method, RegistryRequestOutcome Outcome, TimeSpan Duration);
