using Acceptance.ReferencePlatform.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace Acceptance.ReferencePlatform.Oidc;

/// <summary>OpenIddict's applications, authorizations, scopes and tokens, in the platform's own SQLite file.</summary>
public sealed class ProviderDbContext(DbContextOptions<ProviderDbContext> options) : DbContext(options)
{
    public static void Configure(DbContextOptionsBuilder options, PlatformDatabase database)
    {
        options.UseSqlite(database.ConnectionString);
        options.UseOpenIddict();
    }

    /// <summary>
    /// Creates OpenIddict's tables unless they exist. EnsureCreated would do nothing here: the file already
    /// holds the platform's own tables.
    /// </summary>
    public static void CreateTables(PlatformDatabase database)
    {
        var exists = database.Scalar("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'OpenIddictApplications'");
        if (Convert.ToInt64(exists) > 0)
        {
            return;
        }
        var builder = new DbContextOptionsBuilder<ProviderDbContext>();
        Configure(builder, database);
        using var context = new ProviderDbContext(builder.Options);
        context.GetService<IRelationalDatabaseCreator>().CreateTables();
    }
}
