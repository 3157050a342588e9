namespace SecrecyTraining.Tests.Support;

/// <summary>The repository checkout the tests were built from.</summary>
public static class SourceTree
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SecrecyTraining.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("SecrecyTraining.sln not found above " + AppContext.BaseDirectory);
    }
}
