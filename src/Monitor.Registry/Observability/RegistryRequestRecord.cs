namespace Monitor.Registry.Observability;

/// <summary>One registry request as the metrics layer sees it: low-cardinality attributes only (no repository, tag or digest).</summary>
/// <param name="Server">Where the request went (<see cref="ServerEndpoint"/>).</param>
/// <param name="Method"><c>HEAD</c> or <c>GET</c>.</param>
/// <param name="StatusCode">The status of the registry's last answer; null when none arrived (connection failure, timeout,
/// open circuit, or a 429 pause that kept the request from being sent).</param>
/// <param name="Outcome">How the request ended; everything but <see cref="RegistryRequestOutcome.Ok"/> is an <c>error.type</c>.</param>
/// <param name="Duration">Retries and 429 pauses included.</param>
public sealed record RegistryRequestRecord(ServerEndpoint Server, string Method, int? StatusCode, RegistryRequestOutcome Outcome, TimeSpan Duration);
