; Inno Setup 6: the Windows installer for the folder that build.spec makes (dist\Aftaler).
;   pyinstaller --noconfirm build.spec
;   iscc resources\packaging\windows\aftaler.iss
; writes dist\Aftaler-<version>-installation.exe. The version is read from Aftaler.exe's version
; resource (which build.spec takes from pyproject.toml). Installs for the user alone (no
; administrator needed) or, when chosen, for everyone; .aftale files (Aftalepakke) open in Aftaler.

#define AppExe "Aftaler.exe"
#define BuiltFolder AddBackslash(SourcePath) + "..\..\..\dist\Aftaler"
#define AppVersion GetStringFileInfo(BuiltFolder + "\" + AppExe, "ProductVersion")
#if AppVersion == ""
  #error dist\Aftaler\Aftaler.exe is missing or has no version: run "pyinstaller --noconfirm build.spec" first
#endif

[Setup]
AppId={{DACA05B5-8940-4A81-9661-8BEEA864D0CD}
AppName=Aftaler
AppVersion={#AppVersion}
AppVerName=Aftaler {#AppVersion}
DefaultDirName={autopf}\Aftaler
DefaultGroupName=Aftaler
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
ChangesAssociations=yes
SetupIconFile=..\..\icons\aftaler.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName=Aftaler
OutputDir=..\..\..\dist
OutputBaseFilename=Aftaler-{#AppVersion}-installation
Compression=lzma2
SolidCompression=yes
WizardStyle=modern

[Languages]
Name: "danish"; MessagesFile: "compiler:Languages\Danish.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#BuiltFolder}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\Aftaler"; Filename: "{app}\{#AppExe}"
Name: "{autodesktop}\Aftaler"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Registry]
; .aftale -> ProgID Aftaler.Pakke: "Aftalepakke", the program's icon, opened by "Aftaler.exe" "<file>".
; HKA is HKEY_CURRENT_USER for an installation for the user alone, HKEY_LOCAL_MACHINE for everyone.
Root: HKA; Subkey: "Software\Classes\.aftale"; ValueType: string; ValueName: ""; ValueData: "Aftaler.Pakke"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.aftale"; ValueType: string; ValueName: "Content Type"; ValueData: "application/x-aftale"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.aftale\OpenWithProgids"; ValueType: string; ValueName: "Aftaler.Pakke"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\Aftaler.Pakke"; ValueType: string; ValueName: ""; ValueData: "Aftalepakke"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\Aftaler.Pakke\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"",0"
Root: HKA; Subkey: "Software\Classes\Aftaler.Pakke\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".aftale"; ValueData: ""; Flags: uninsdeletekey

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,Aftaler}"; Flags: nowait postinstall skipifsilent
