using System.Text.Json;
using Acceptance.ReferencePlatform.Auth;
using Acceptance.ReferencePlatform.Faults;
using Acceptance.ReferencePlatform.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;

namespace Acceptance.ReferencePlatform.App;

/// <summary>The web app's origin: static pages, extensionless routes and /config.js with the bound URLs.</summary>
public static class AppApi
{
    /// <summary>The pages live in App/wwwroot, copied beside the assembly.</summary>
    public static string WebRoot => Path.Combine(AppContext.BaseDirectory, "App", "wwwroot");

    public static WebApplication UseAppStaticFiles(this WebApplication app)
    {
        var files = new PhysicalFileProvider(WebRoot);
        var pages = PagesFolder(app.Services.GetRequiredService<IOptions<HostingOptions>>().Value.AppMarkup);
        // Fault HealthStatus "app=...": the login page, the web app's health check, is still served but with HTTP 500.
        var appHealth = app.Services.GetRequiredService<IOptions<FaultOptions>>().Value.HealthStatusOf("app");
        // "/login" serves login.html, "/chat" chat.html: any extensionless path with a matching page, taken from the
        // markup's own folder when it has one.
        app.Use((context, next) =>
        {
            var path = context.Request.Path.Value ?? "/";
            if (path.Length > 1 && !Path.HasExtension(path))
            {
                var page = path.TrimEnd('/') + ".html";
                if (pages.Length > 0 && files.GetFileInfo(pages + page).Exists) context.Request.Path = pages + page;
                else if (files.GetFileInfo(page).Exists) context.Request.Path = page;
            }
            return next(context);
        });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            OnPrepareResponse = c =>
            {
                c.Context.Response.Headers.CacheControl = "no-cache";
                if (appHealth is not null && c.File.Name == "login.html")
                {
                    c.Context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                    c.Context.Response.Headers["X-Health-Status"] = appHealth;
                }
            },
        });
        return app;
    }

    /// <summary>The folder whose pages replace the standard ones ("" for the standard markup).</summary>
    public static string PagesFolder(string? markup) => markup?.Trim().ToLowerInvariant() switch
    {
        null or "" or "standard" => "",
        "prerendered" => "/prerendered",
        _ => throw new InvalidOperationException(
            $"Unknown web app markup '{markup}' (setting Platform:AppMarkup): use 'standard' (the default) or 'prerendered'."),
    };

    public static IEndpointRouteBuilder MapAppApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", () => TypedResults.Redirect("/login"));
        app.MapGet("/config.js", ConfigScript);
        return app;
    }

    public static ContentHttpResult ConfigScript(HttpContext context, PlatformUrls urls, IOptions<AuthOptions> auth, IOptions<FaultOptions> faults)
    {
        var settings = new Dictionary<string, object>
        {
            ["authUrl"] = urls.Auth.ToString().TrimEnd('/'),
            ["apiUrl"] = urls.Api.ToString().TrimEnd('/'),
            ["wsUrl"] = urls.WebSocket.ToString(),
            ["developmentMode"] = auth.Value.DevelopmentMode,
        };
        if (PageFaults(faults.Value) is { Count: > 0 } pageFaults)
        {
            settings["faults"] = pageFaults;
        }
        var config = JsonSerializer.Serialize(settings);
        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Text($"window.PLATFORM_CONFIG = {config};\n", "application/javascript; charset=utf-8");
    }

    /// <summary>The web app's fault switches that are on, as the pages' scripts read them (PLATFORM_CONFIG.faults).</summary>
    private static Dictionary<string, bool> PageFaults(FaultOptions faults) => new[]
        {
            ("webAppStagesOutOfOrder", faults.WebAppStagesOutOfOrder),
            ("accessibilityViolation", faults.AccessibilityViolation),
            ("chatPageWithoutUser", faults.ChatPageWithoutUser),
            ("signOutStaysOnChat", faults.SignOutStaysOnChat),
        }.Where(fault => fault.Item2).ToDictionary(fault => fault.Item1, fault => true);
}
