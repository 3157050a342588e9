namespace SecrecyTraining.Web.Domain;

/// <summary>
/// A staff record: the person every training record belongs to (attempts, certifications, lesson progress, commitments,
/// training assignments, the 错题本), with or without a sign-in account. The employee number is also the account's sign-in
/// name; HR can correct it and the person keeps the whole history.
/// </summary>
public class Person
{
    public int Id { get; private set; }

    public string EmployeeNumber { get; private set; }

    public string Name { get; private set; }

    public int DepartmentId { get; private set; }

    public Department? Department { get; private set; }

    /// <summary>
    /// When HR recorded that the person left the organisation (离职, e.g. missing from a roster import): their posts are
    /// being left and their account disabled once nothing waits for their 离岗 commitment. Null while on the staff.
    /// </summary>
    public DateTimeOffset? LeftAt { get; private set; }

    public Person(string employeeNumber, string name, int departmentId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(employeeNumber);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        EmployeeNumber = employeeNumber.Trim();
        Name = name.Trim();
        DepartmentId = departmentId;
    }

    /// <summary>A roster import corrects the name or moves the person to another department.</summary>
    public void Update(string name, int departmentId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        (Name, DepartmentId) = (name.Trim(), departmentId);
    }

    /// <summary>Records that the person left the organisation.</summary>
    public void Leave(DateTimeOffset at) => LeftAt ??= at;

    /// <summary>A person who left appears on the roster again.</summary>
    public void Rejoin() => LeftAt = null;

    /// <summary>HR corrects a mistyped or reissued employee number (the caller checks it is free and audits the change).</summary>
    public void CorrectEmployeeNumber(string employeeNumber)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(employeeNumber);
        EmployeeNumber = employeeNumber.Trim();
    }

    public Person(string employeeNumber, string name, Department department)
        : this(employeeNumber, name, department.Id)
    {
        Department = department;
    }
}
