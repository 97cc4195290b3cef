namespace Monitor.Testing.Registry.Vendors;

/// <summary>What a <see cref="VendorStub"/> answers to vendor API requests instead of its fixture, for the next <paramref name="Times"/> of them.</summary>
/// <param name="RetryAfter">The <c>Retry-After</c> header (seconds), for 429s.</param>
/// <param name="Body">The body sent with the status (e.g. garbage with 200); empty when null.</param>
/// <param name="After">Vendor API requests answered from the fixture before the fault starts (e.g. 1: the second page fails).</param>
public sealed record VendorFault(int Status, int Times = int.MaxValue, string? RetryAfter = null, string? Body = null, int After = 0);
