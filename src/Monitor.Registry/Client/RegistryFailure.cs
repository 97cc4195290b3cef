using Monitor.Registry.Observability;

namespace Monitor.Registry.Client;

/// <summary>Why a registry read failed, in words fit for <c>watched_tag.last_error</c>: never a password, token or header.</summary>
public sealed record RegistryFailure(RegistryRequestOutcome Kind, string Reason)
{
    public override string ToString() => $"{Kind.ToTagValue()}: {Reason}";
}
