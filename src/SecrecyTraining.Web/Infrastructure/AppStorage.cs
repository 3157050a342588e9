namespace SecrecyTraining.Web.Infrastructure;

/// <summary>
/// The data directory (<c>Storage:DataDirectory</c>, default <c>App_Data/</c> under the content root): it holds the SQLite
/// file and every other file the application writes, readable by the service account only (<see cref="PrivateFiles"/>).
/// </summary>
public sealed class AppStorage
{
    public string DataDirectory { get; }

    public AppStorage(IConfiguration configuration, IHostEnvironment environment)
    {
        var configured = configuration["Storage:DataDirectory"];
        DataDirectory = Path.GetFullPath(string.IsNullOrWhiteSpace(configured) ? "App_Data" : configured, environment.ContentRootPath);
        PrivateFiles.CreateDirectory(DataDirectory);
    }

    public string PathFor(string fileName) => Path.Combine(DataDirectory, fileName);
}
