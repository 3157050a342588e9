namespace SecrecyTraining.Web.Domain;

/// <summary>A 处室 of the organisation. Its head (处长) is the 第一责任人 for secrecy in it.</summary>
public class Department
{
    public int Id { get; private set; }

    public string Name { get; private set; }

    public int SortOrder { get; private set; }

    public Department(string name, int sortOrder = 0)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name.Trim();
        SortOrder = sortOrder;
    }

    public void Rename(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name.Trim();
    }
}
