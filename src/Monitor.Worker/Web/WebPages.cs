using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Monitor.Worker.Api;

namespace Monitor.Worker.Web;

/// <summary>
/// The web pages (fleet, vendor comparison, one tag): Razor components rendered on the server (static SSR, no
/// interactivity, no script), reading the same cadence snapshot and tag detail as the API.
/// </summary>
public static class WebPages
{
    public static WebApplicationBuilder AddMonitorWebPages(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);

        // Run from its build output (dotnet run, the tests, the benchmarks), the service finds its stylesheet where the
        // runtime manifest says (the project's wwwroot); published, in its own wwwroot. Only Development does this by itself.
        builder.WebHost.UseStaticWebAssets();
        builder.Services.AddRazorComponents();
        return builder;
    }

    public static WebApplication MapMonitorWebPages(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);

        // A browser's GET of a path nothing serves (a typo, an old bookmark) gets the page that says so, not an empty 404.
        // Not in a UseWhen branch: a branch has no global router, so the re-executed request would find no page. The API
        // keeps its problem documents, and other methods their empty answers.
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.Use((context, next) =>
        {
            if (!HttpMethods.IsGet(context.Request.Method) || ApiPipeline.IsApiRequest(context.Request))
            {
                context.Features.GetRequiredFeature<IStatusCodePagesFeature>().Enabled = false;
            }

            return next(context);
        });

        // Component endpoints carry antiforgery metadata and routing insists on the middleware; the pages only have GET forms.
        app.UseAntiforgery();
        app.MapStaticAssets();
        app.MapRazorComponents<App>();
        return app;
    }
}
