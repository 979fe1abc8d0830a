; 法治台账 Windows installer (NSIS 3, Modern UI 2, Simplified Chinese).
;
; Compiled by installer/build.py, which passes:
;   /DVERSION=0.1.0          the version in pyproject.toml
;   /DVERSION4=0.1.0.0       the same as four numbers (the installer's file-properties version)
;   /DPAYLOAD=DIR            the PyInstaller one-folder build (dist/fazhi-desktop)
;   /DOUTFILE=FILE           where to write the installer
; optional:
;   /DBUNDLE_EXT=.fzb        register this extension for bundles, opened with fazhi-desktop.exe "%1"
;   /DSYNTAX_CHECK           no compression (checking the script against a Linux payload)
;
; It installs per machine into Program Files (administrator rights), adds Start-menu and desktop shortcuts and an
; entry in 应用和功能 / 程序和功能. The uninstaller removes the program and keeps the office's data in
; %LOCALAPPDATA%\fazhi-desktop unless the user ticks 删除台账数据 and confirms.

Unicode true
ManifestDPIAware true
!ifdef SYNTAX_CHECK
  SetCompress off  ; compiled on Linux against a Linux payload to test the script: speed over size
!else
  SetCompressor /SOLID lzma
!endif

!ifndef VERSION
  !error "pass the version: makensis /DVERSION=0.1.0 /DVERSION4=0.1.0.0 ... (installer/build.py does)"
!endif
!ifndef VERSION4
  !define VERSION4 "${VERSION}.0"
!endif
!ifndef PAYLOAD
  !error "pass the PyInstaller build folder: /DPAYLOAD=dist\fazhi-desktop"
!endif
!ifndef OUTFILE
  !define OUTFILE "fazhi-desktop-setup-${VERSION}.exe"
!endif
!ifndef ICON
  !define ICON "../resources/icons/fazhi.ico"  ; makensis works in the script's folder
!endif

!define PRODUCT "法治台账"
!define APP_ID "fazhi-desktop"
!define PUBLISHER "海原县司法局"
!define GUI_EXE "fazhi-desktop.exe"
!define CLI_EXE "fazhi.exe"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APP_ID}"
!define PROGID "${APP_ID}.bundle"
!define MIN_BUILD 17763  ; Windows 10 1809, the oldest Qt 6 supports

!include "MUI2.nsh"
!include "LogicLib.nsh"
!include "FileFunc.nsh"
!include "WinVer.nsh"
!include "x64.nsh"

Name "${PRODUCT}"
Caption "${PRODUCT} ${VERSION} 安装程序"
OutFile "${OUTFILE}"
InstallDir "$PROGRAMFILES64\${APP_ID}"
; an earlier install's folder is read in .onInit, after SetRegView 64: InstallDirRegKey reads before .onInit, in
; the 32-bit view, where the key was never written, so an upgrade went to Program Files beside the old copy
RequestExecutionLevel admin
BrandingText "${PRODUCT} ${VERSION}"

VIProductVersion "${VERSION4}"
VIFileVersion "${VERSION4}"
VIAddVersionKey /LANG=2052 "ProductName" "${PRODUCT}"
VIAddVersionKey /LANG=2052 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "FileDescription" "${PRODUCT} 安装程序"
VIAddVersionKey /LANG=2052 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=2052 "LegalCopyright" "${PUBLISHER}"

; ---------------------------------------------------------------------------------------------------------------
; Pages

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_COMPONENTSPAGE_NODESC

!define MUI_WELCOMEPAGE_TITLE "欢迎安装 ${PRODUCT} ${VERSION}"
!define MUI_WELCOMEPAGE_TEXT "法治台账用于乡镇司法所记录会议、学法活动、行政执法监督检查、投诉举报和调解案件，打印纪要、签到表和协议书，并把数据包交给县司法局。$\r$\n$\r$\n安装需要管理员权限。以前安装过的版本会被替换，已有的台账数据保留不动。$\r$\n$\r$\n点击“下一步”继续。"
!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!define MUI_FINISHPAGE_RUN
!define MUI_FINISHPAGE_RUN_TEXT "现在打开法治台账"
!define MUI_FINISHPAGE_RUN_FUNCTION RunAsUser
!insertmacro MUI_PAGE_FINISH

!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_COMPONENTS
!insertmacro MUI_UNPAGE_INSTFILES

!insertmacro MUI_LANGUAGE "SimpChinese"

; ---------------------------------------------------------------------------------------------------------------
; Installing

; Replacing or removing the files of a running program half fails (Windows keeps them open): the program and the
; fazhi command hold a named mutex while they run (core/instance.py), and the installer and uninstaller wait until
; it is gone. The Global\ name is seen from every session (another user signed in beside, 切换用户); the plain one,
; the session's own, is all an earlier version made.
!define RUNNING_MUTEX "fazhi-desktop-running"
!macro WAIT_FOR_PROGRAM_TO_CLOSE un
Function ${un}WaitForProgramToClose
  retry:
    ; an elevated installer of another account (an administrator's password typed for a clerk) may be denied the
    ; clerk's mutex: ERROR_ACCESS_DENIED (5) means it exists, so the program runs too
    System::Call 'kernel32::OpenMutexW(i 0x00100000, i 0, w "Global\${RUNNING_MUTEX}") p .r1 ?e'
    Pop $2
    ${If} $1 P= 0
    ${AndIf} $2 <> 5
      System::Call 'kernel32::OpenMutexW(i 0x00100000, i 0, w "${RUNNING_MUTEX}") p .r1 ?e'
      Pop $2
    ${EndIf}
    ${If} $1 P<> 0
    ${OrIf} $2 = 5
      ${If} $1 P<> 0
        System::Call 'kernel32::CloseHandle(p r1)'
      ${EndIf}
      MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION "法治台账正在运行。请先关闭所有法治台账窗口（先保存正在编辑的记录），然后点“重试”。$\r$\n$\r$\n如果本机另一个 Windows 用户也登录着（切换用户），他开着的法治台账也算：请切换到他的账户关闭法治台账，或在任务管理器的“用户”页把他注销（未保存的修改会丢失）。" /SD IDCANCEL IDRETRY retry
      Abort
    ${EndIf}
FunctionEnd
!macroend
!insertmacro WAIT_FOR_PROGRAM_TO_CLOSE ""
!insertmacro WAIT_FOR_PROGRAM_TO_CLOSE "un."

Function .onInit
  ${IfNot} ${RunningX64}
    MessageBox MB_OK|MB_ICONSTOP "法治台账需要64位的 Windows 10 或更新的系统。" /SD IDOK
    Abort
  ${EndIf}
  ${IfNot} ${AtLeastWin10}
    MessageBox MB_OK|MB_ICONSTOP "法治台账需要 Windows 10 或更新的系统。" /SD IDOK
    Abort
  ${EndIf}
  ; Qt 6, which draws the program's windows, supports Windows 10 from version 1809 (build 17763, LTSC 2019) on:
  ; a township PC on Windows 10 LTSB 2016 (1607) or 1703-1803 took the program, which then might not start or
  ; draw wrongly, with nobody told why. Asked (default 否); a silent install there stops.
  ${IfNot} ${AtLeastBuild} ${MIN_BUILD}
    ${WinVerGetBuild} $0
    MessageBox MB_YESNO|MB_ICONEXCLAMATION|MB_DEFBUTTON2 \
      "本机的 Windows 10 版本较早（内部版本 $0）。法治台账的窗口由 Qt 6 显示，它需要 Windows 10 1809（内部版本 ${MIN_BUILD}，即 LTSC 2019）或更新的版本；在本机上法治台账可能打不开，或显示不正常。$\r$\n$\r$\n建议先把 Windows 升级到 1809 或更新的版本。仍要安装吗？" \
      /SD IDNO IDYES old_build_accepted
    Abort
    old_build_accepted:
  ${EndIf}
  SetRegView 64
  SetShellVarContext all
  ReadRegStr $0 HKLM "${UNINSTALL_KEY}" "InstallLocation"
  ${If} $0 != ""
  ${AndIf} $INSTDIR == "$PROGRAMFILES64\${APP_ID}"  ; a folder given with /D= wins
    StrCpy $INSTDIR $0
  ${EndIf}
  Call WaitForProgramToClose
FunctionEnd

; The installer runs as administrator; the program should not (its data belongs to the signed-in user), so the
; finish page starts it through Explorer, which runs it as the user. On a clerk's PC without administrator rights
; the technician types an administrator's name and password at the UAC prompt: the installer then runs as that
; other account, and so may what it starts; the program's first start would set the office up in that account's
; %LOCALAPPDATA%, and the clerk, signed in, would meet an empty setup wizard. Then it is not started, and the
; technician is told to start it from the clerk's Start menu.
Function RunAsUser
  System::Call 'advapi32::GetUserNameW(w .r0, *i ${NSIS_MAX_STRLEN}) i .r1'
  ; WTS_CURRENT_SERVER_HANDLE, WTS_CURRENT_SESSION, WTSUserName (5): who is signed in to this session
  System::Call 'wtsapi32::WTSQuerySessionInformationW(p 0, i -1, i 5, *p .r2, *i .r3) i .r4'
  ${If} $4 <> 0
    System::Call 'kernel32::lstrcpynW(w .r5, p r2, i ${NSIS_MAX_STRLEN})'
    System::Call 'wtsapi32::WTSFreeMemory(p r2)'
    ${If} $1 <> 0
    ${AndIf} $0 != ""
    ${AndIf} $5 != ""
    ${AndIf} $0 != $5  ; compared without case, as Windows compares account names
      MessageBox MB_OK|MB_ICONINFORMATION \
        "安装程序是用另一个账户（$0）的密码运行的，从这里打开的法治台账可能以 $0 的身份运行，本所的数据会建在 $0 的文件夹里，而不是当前用户 $5 的，所以没有打开。$\r$\n$\r$\n请点“完成”后，在 $5 的开始菜单或桌面上打开法治台账。" \
        /SD IDOK
      Return
    ${EndIf}
  ${EndIf}
  Exec '"$WINDIR\explorer.exe" "$INSTDIR\${GUI_EXE}"'
FunctionEnd

Section "法治台账（必需）" SecProgram
  SectionIn RO
  SetOutPath "$INSTDIR"
  ; files of an earlier version must not linger beside the new ones: _internal is ours alone
  RMDir /r "$INSTDIR\_internal"
  File /r "${PAYLOAD}/*.*"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateDirectory "$SMPROGRAMS\${PRODUCT}"
  CreateShortcut "$SMPROGRAMS\${PRODUCT}\${PRODUCT}.lnk" "$INSTDIR\${GUI_EXE}" "" "$INSTDIR\${GUI_EXE}" 0
  CreateShortcut "$SMPROGRAMS\${PRODUCT}\${PRODUCT} 自检.lnk" "$INSTDIR\${GUI_EXE}" "--self-test" \
    "$INSTDIR\${GUI_EXE}" 0 SW_SHOWNORMAL "" "检查本机的法治台账能否正常工作"
  CreateShortcut "$SMPROGRAMS\${PRODUCT}\卸载${PRODUCT}.lnk" "$INSTDIR\uninstall.exe"

  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayName" "${PRODUCT}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\${GUI_EXE},0"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKLM "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  IntFmt $0 "0x%08X" $0
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "EstimatedSize" "$0"
SectionEnd

Section "桌面快捷方式" SecDesktop
  CreateShortcut "$DESKTOP\${PRODUCT}.lnk" "$INSTDIR\${GUI_EXE}" "" "$INSTDIR\${GUI_EXE}" 0
SectionEnd

!ifdef BUNDLE_EXT
Section "用法治台账打开数据包（${BUNDLE_EXT}）" SecAssociate
  WriteRegStr HKLM "Software\Classes\${BUNDLE_EXT}" "" "${PROGID}"
  WriteRegStr HKLM "Software\Classes\${PROGID}" "" "法治台账数据包"
  WriteRegStr HKLM "Software\Classes\${PROGID}\DefaultIcon" "" "$INSTDIR\${GUI_EXE},0"
  WriteRegStr HKLM "Software\Classes\${PROGID}\shell\open\command" "" '"$INSTDIR\${GUI_EXE}" "%1"'
  ; SHCNE_ASSOCCHANGED: Explorer shows the new icon without a restart
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
SectionEnd
!endif

; ---------------------------------------------------------------------------------------------------------------
; Uninstalling

Function un.onInit
  SetRegView 64
  SetShellVarContext all
  Call un.WaitForProgramToClose
FunctionEnd

Section "un.卸载程序（保留台账数据）" UnSecProgram
  SectionIn RO
  Delete "$SMPROGRAMS\${PRODUCT}\${PRODUCT}.lnk"
  Delete "$SMPROGRAMS\${PRODUCT}\${PRODUCT} 自检.lnk"
  Delete "$SMPROGRAMS\${PRODUCT}\卸载${PRODUCT}.lnk"
  RMDir "$SMPROGRAMS\${PRODUCT}"
  Delete "$DESKTOP\${PRODUCT}.lnk"

  ; only what the installer put there: never a recursive delete of $INSTDIR, which the user may have chosen
  ; to be a folder holding other files (or a portable data folder)
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\${GUI_EXE}"
  Delete "$INSTDIR\${CLI_EXE}"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"

!ifdef BUNDLE_EXT
  ReadRegStr $0 HKLM "Software\Classes\${BUNDLE_EXT}" ""
  ${If} $0 == "${PROGID}"
    DeleteRegKey HKLM "Software\Classes\${BUNDLE_EXT}"
  ${EndIf}
  DeleteRegKey HKLM "Software\Classes\${PROGID}"
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
!endif
  DeleteRegKey HKLM "${UNINSTALL_KEY}"
SectionEnd

; Unticked unless the user ticks it; a silent uninstall (/S) never deletes data.
Section /o "un.同时删除本机的台账数据（数据库、密钥、附件、默认备份，无法恢复）" UnSecData
  ; the data belongs to the user who runs the uninstaller (%LOCALAPPDATA%), not to all users. When a clerk's
  ; uninstall was elevated with an administrator's password, that is the administrator's folder: say so rather
  ; than report a deletion that did not touch the clerk's data.
  SetShellVarContext current
  ${IfNot} ${FileExists} "$LOCALAPPDATA\${APP_ID}\*.*"
    MessageBox MB_OK|MB_ICONINFORMATION \
      "在 $LOCALAPPDATA\${APP_ID} 没有找到台账数据，没有删除任何数据。$\r$\n$\r$\n如果卸载时输入了管理员的密码，这里是管理员账户的文件夹；平时使用法治台账的用户的数据仍在他自己的文件夹中，请以该用户登录后手动删除。" \
      /SD IDOK
    Goto done
  ${EndIf}
  MessageBox MB_YESNO|MB_ICONEXCLAMATION|MB_DEFBUTTON2 \
    "确定要删除本机的全部台账数据吗？$\r$\n$\r$\n$LOCALAPPDATA\${APP_ID}$\r$\n$\r$\n数据库、签名密钥、附件，以及其中默认的备份文件夹 fazhi-backups（没有另选备份位置时，备份都在这里）都会被删除，无法恢复。$\r$\n$\r$\n存在U盘等别处的备份仍能恢复，但本机的备份密钥也一并删除，恢复时必须输入备份恢复码（设置 → 备份 中可查看）：请先确认已把恢复码抄下收好。如有需要，请先把这个文件夹复制到别处。" \
    /SD IDNO IDYES delete_data
  DetailPrint "台账数据已保留：$LOCALAPPDATA\${APP_ID}"
  Goto done
  delete_data:
    RMDir /r "$LOCALAPPDATA\${APP_ID}"
    DetailPrint "台账数据已删除：$LOCALAPPDATA\${APP_ID}"
  done:
  SetShellVarContext all
SectionEnd
