namespace Monitor.Testing.Registry.Vendors;

/// <summary>A request a <see cref="VendorStub"/> received, and when (the stub's clock, UTC).</summary>
/// <param name="Forwarded">True when it went on to the registry behind the stub (OCI API), false when the vendor API answered it.</param>
public sealed record StubRequest(string Method, string Path, string Query, string? Authorization, DateTimeOffset ArrivedAt, bool Forwarded);
