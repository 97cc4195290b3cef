using Microsoft.AspNetCore.Http;

namespace Monitor.Testing.Registry.Vendors;

/// <summary>One vendor API a <see cref="VendorStub"/> serves (built from the vendor's documented responses).</summary>
public interface IVendorApi
{
    /// <summary>Whether the request is this API's; anything else is forwarded to the registry behind the stub.</summary>
    bool Serves(HttpRequest request);

    Task HandleAsync(HttpContext context, VendorStub stub);
}
