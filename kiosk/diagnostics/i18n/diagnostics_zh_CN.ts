<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>CodeDialog</name>
    <message>
        <location filename="../gate.py" line="243"/>
        <source>Technician diagnostics</source>
        <translation>技术人员诊断</translation>
    </message>
    <message>
        <location filename="../gate.py" line="244"/>
        <source>Enter the technician code</source>
        <translation>请输入技术人员密码</translation>
    </message>
    <message>
        <location filename="../gate.py" line="245"/>
        <source>OK</source>
        <translation>确定</translation>
    </message>
    <message>
        <location filename="../gate.py" line="246"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>Diagnostics</name>
    <message>
        <location filename="../controller.py" line="159"/>
        <source>No technician code is configured on this kiosk.</source>
        <translation>本终端未配置技术人员密码，无法进入诊断。</translation>
    </message>
    <message>
        <location filename="../controller.py" line="161"/>
        <source>Too many wrong codes. Try again in %1 s.</source>
        <translation>密码错误次数过多，请 %1 秒后再试。</translation>
    </message>
    <message>
        <location filename="../controller.py" line="164"/>
        <source>Wrong code. %1 tries left.</source>
        <translation>密码错误，还可尝试 %1 次。</translation>
    </message>
</context>
<context>
    <name>DiagnosticsWindow</name>
    <message>
        <location filename="../screen.py" line="277"/>
        <source>card present</source>
        <translation>有卡</translation>
    </message>
    <message>
        <location filename="../screen.py" line="277"/>
        <source>empty</source>
        <translation>无卡</translation>
    </message>
    <message>
        <location filename="../screen.py" line="279"/>
        <source>kiosk reader</source>
        <translation>本机读卡器</translation>
    </message>
    <message>
        <location filename="../screen.py" line="291"/>
        <source>No reader</source>
        <translation>未发现读卡器</translation>
    </message>
    <message>
        <location filename="../screen.py" line="298"/>
        <source>reachable</source>
        <translation>可连接</translation>
    </message>
    <message>
        <location filename="../screen.py" line="299"/>
        <source>answers, but unhealthy</source>
        <translation>有应答，但状态异常</translation>
    </message>
    <message>
        <location filename="../screen.py" line="300"/>
        <source>unreachable</source>
        <translation>无法连接</translation>
    </message>
    <message>
        <location filename="../screen.py" line="304"/>
        <source>: %1</source>
        <translation>：%1</translation>
    </message>
    <message>
        <location filename="../screen.py" line="324"/>
        <source>no connection (service stopped, or wrong address or network)</source>
        <translation>服务未启动，或地址、网络有误</translation>
    </message>
    <message>
        <location filename="../screen.py" line="326"/>
        <source>no answer in time</source>
        <translation>超时未应答</translation>
    </message>
    <message>
        <location filename="../screen.py" line="327"/>
        <source>the secure connection failed (certificate)</source>
        <translation>安全连接失败（证书问题）</translation>
    </message>
    <message>
        <location filename="../screen.py" line="328"/>
        <source>the answer was not understood</source>
        <translation>应答无法识别</translation>
    </message>
    <message>
        <location filename="../screen.py" line="329"/>
        <source>the service reported an internal error</source>
        <translation>服务内部出错</translation>
    </message>
    <message>
        <location filename="../screen.py" line="331"/>
        <source>the service refused the check</source>
        <translation>服务拒绝了检查请求</translation>
    </message>
    <message>
        <location filename="../screen.py" line="350"/>
        <source>Report not written: %1</source>
        <translation>报告未能写入：%1</translation>
    </message>
    <message>
        <location filename="../screen.py" line="354"/>
        <source>Report written: %1</source>
        <translation>报告已写入：%1</translation>
    </message>
    <message>
        <location filename="../screen.py" line="363"/>
        <source>Export report to folder</source>
        <translation>选择报告导出文件夹</translation>
    </message>
    <message>
        <location filename="../screen.py" line="375"/>
        <location filename="../screen.py" line="376"/>
        <source>Technician diagnostics</source>
        <translation>技术人员诊断</translation>
    </message>
    <message>
        <location filename="../screen.py" line="377"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../screen.py" line="378"/>
        <source>Export report…</source>
        <translation>导出报告…</translation>
    </message>
    <message>
        <location filename="../screen.py" line="379"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../screen.py" line="380"/>
        <source>Card readers</source>
        <translation>读卡器</translation>
    </message>
    <message>
        <location filename="../screen.py" line="385"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../screen.py" line="248"/>
        <location filename="../screen.py" line="382"/>
        <source>Backend</source>
        <translation>后台服务</translation>
    </message>
    <message>
        <location filename="../screen.py" line="236"/>
        <source>Cards left in the reader after a session: %1 (last at %2)</source>
        <translation>办理结束后遗留在读卡器中的卡：%1张（最近一次%2）</translation>
    </message>
    <message>
        <location filename="../screen.py" line="247"/>
        <source>Card reader</source>
        <translation>读卡器</translation>
    </message>
    <message>
        <location filename="../screen.py" line="249"/>
        <source>Kiosk credential</source>
        <translation>终端凭据</translation>
    </message>
    <message>
        <location filename="../screen.py" line="253"/>
        <source>%1 check failed since %2: %3
What to do: %4</source>
        <translation>%1检查自 %2 起未通过：%3
处理办法：%4</translation>
    </message>
    <message>
        <location filename="../screen.py" line="268"/>
        <source>The card readers cannot be listed: is the smart-card service (pcscd) running and a reader plugged in?</source>
        <translation>无法列出读卡器：请检查智能卡服务 (pcscd) 是否在运行、读卡器是否已连接。</translation>
    </message>
    <message>
        <location filename="../screen.py" line="381"/>
        <source>Reader — state / ATR</source>
        <translation>读卡器 — 状态 / ATR</translation>
    </message>
    <message>
        <location filename="../screen.py" line="384"/>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../screen.py" line="386"/>
        <source>Latency</source>
        <translation>延迟</translation>
    </message>
    <message>
        <location filename="../screen.py" line="387"/>
        <source>Server</source>
        <translation>服务端</translation>
    </message>
    <message>
        <location filename="../screen.py" line="388"/>
        <source>Checked at</source>
        <translation>检查时间</translation>
    </message>
    <message>
        <location filename="../screen.py" line="392"/>
        <source>Software versions</source>
        <translation>软件版本</translation>
    </message>
    <message>
        <location filename="../screen.py" line="393"/>
        <source>Last 50 APDUs (secrets redacted)</source>
        <translation>最近 50 条 APDU（敏感数据已隐去）</translation>
    </message>
    <message>
        <location filename="../screen.py" line="394"/>
        <source>Configuration (secrets hidden)</source>
        <translation>当前配置（密钥已隐藏）</translation>
    </message>
</context>
</TS>
