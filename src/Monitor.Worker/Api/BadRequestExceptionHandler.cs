using Microsoft.AspNetCore.Diagnostics;

namespace Monitor.Worker.Api;

/// <summary>
/// A request the framework could not read (a query parameter that does not bind, a body it refused) becomes a problem
/// document with the framework's status and reason, instead of an empty 400. Not logged: the client's mistake, not ours.
/// </summary>
internal sealed class BadRequestExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    /// <summary>The framework's messages quote the offending value; a hostile client decides how long that is.</summary>
    private const int MaxDetailLength = 300;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        if (exception is not BadHttpRequestException bad)
        {
            return false;
        }

        httpContext.Response.StatusCode = bad.StatusCode;
        var detail = bad.Message.Length > MaxDetailLength ? bad.Message[..MaxDetailLength] + "…" : bad.Message;
        await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = { Status = bad.StatusCode, Detail = detail },
        });
        return true;
    }
}
