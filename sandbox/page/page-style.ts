/** The page's CSS: a phone on the left, a Slack-like channel on the right. */
export const PAGE_CSS = `
*{box-sizing:border-box}
body{margin:0;font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d1c1d;background:#f4f1ec}
.banner{background:#7a3e00;color:#fff;padding:8px 16px;display:flex;gap:12px;align-items:center;flex-wrap:wrap}
.banner b{letter-spacing:.08em}
.toolbar{display:flex;gap:16px;align-items:center;padding:8px 16px;background:#fff;border-bottom:1px solid #ddd;flex-wrap:wrap}
.toolbar form{display:inline}
.split{display:grid;grid-template-columns:360px 1fr;gap:16px;padding:16px;align-items:start}
.phone{background:#111;border-radius:36px;padding:14px;box-shadow:0 8px 24px #0003;position:sticky;top:8px}
.phone-inner{background:#fff;border-radius:24px;overflow:hidden;display:flex;flex-direction:column;height:640px}
.phone-bar{padding:8px 10px;background:#f2f2f7;border-bottom:1px solid #ddd;display:flex;flex-direction:column;gap:6px}
.phone-bar form{display:flex;gap:4px}
.phone-bar select,.phone-bar input{flex:1;min-width:0}
.phone-head{padding:8px 10px;border-bottom:1px solid #eee;display:flex;flex-direction:column;gap:2px}
.phone-head .local{color:#666;font-size:12px}
.phone-head .off{font-size:12px;color:#666}
#phone{flex:1;display:flex;flex-direction:column;min-height:0}
.texts{flex:1;overflow-y:auto;padding:10px;display:flex;flex-direction:column;gap:6px}
.bubble{max-width:80%;padding:7px 11px;border-radius:16px;word-wrap:break-word}
.bubble.mine{align-self:flex-end;background:#0b84ff;color:#fff}
.bubble.theirs{align-self:flex-start;background:#e9e9eb}
.bubble.status-delivery_failed{opacity:.55;border:1px dashed #c00}
.bubble.status-refused{background:#c33}
.bubble-meta{font-size:11px;opacity:.75;margin-top:2px}
.bubble .detail{font-size:11px}
.phone-compose{display:flex;gap:6px;padding:8px;border-top:1px solid #ddd}
.phone-compose input{flex:1;border-radius:16px;border:1px solid #ccc;padding:7px 12px}
.slack{background:#fff;border-radius:8px;box-shadow:0 2px 8px #0002;display:flex;flex-direction:column;min-height:640px}
.tabs{display:flex;gap:4px;padding:6px 10px 0;border-bottom:1px solid #ddd}
.tab{border:0;background:none;padding:6px 10px;cursor:pointer;border-bottom:2px solid transparent}
.tab.active{border-bottom-color:#3f0e40;font-weight:600}
.file-link{font-weight:600}
.slack-head{background:#3f0e40;color:#fff;padding:10px 14px;border-radius:8px 8px 0 0;display:flex;justify-content:space-between;align-items:center}
#channel,#home,#dms{flex:1;padding:8px 14px;overflow-y:auto}
.thread{border:1px solid #e2e2e2;border-radius:8px;margin:10px 0;padding:6px 8px}
.replies{margin-left:42px;border-left:3px solid #e8e8e8;padding-left:10px}
.reply-count{color:#1264a3;font-size:12px;font-weight:600;margin:2px 0}
.msg{display:flex;gap:8px;padding:4px 0}
.msg.ephemeral{background:#f8f8e8;border-radius:6px;padding:4px 6px}
.avatar{width:32px;height:32px;border-radius:6px;background:#eee;display:flex;align-items:center;justify-content:center;font-size:18px;flex:none}
.msg-main{flex:1;min-width:0}
.msg-head{display:flex;gap:6px;align-items:baseline}
.badge{font-size:10px;background:#ddd;border-radius:3px;padding:0 4px;color:#444}
.time{font-size:11px;color:#888}
.tools{margin-left:auto;display:inline-flex;gap:6px;opacity:.45}
.msg:hover .tools{opacity:1}
.link{border:0;background:none;color:#1264a3;cursor:pointer;font-size:12px;padding:0}
.b-section{display:flex;gap:8px;justify-content:space-between}
.b-context{color:#616061;font-size:12.5px;margin:2px 0}
.b-actions{display:flex;gap:6px;flex-wrap:wrap;margin:4px 0}
.b-input{margin:4px 0}
.b-header{font-weight:700;font-size:15px}
.b-unknown{font-size:11px;background:#f6f6f6;padding:4px;white-space:pre-wrap}
.fields{display:grid;grid-template-columns:1fr 1fr;gap:2px 12px}
.quote{display:block;border-left:3px solid #ddd;padding-left:8px;color:#444}
.mention{background:#e8f5fa;color:#1264a3;border-radius:3px;padding:0 2px}
code{background:#f2f2f2;border:1px solid #e0e0e0;border-radius:3px;padding:0 3px;font-size:12px;color:#c01343}
.btn{border:1px solid #bbb;background:#fff;border-radius:4px;padding:4px 10px;font-weight:600;cursor:pointer;font-size:13px;text-decoration:none;color:#1d1c1d}
.btn.primary{background:#007a5a;color:#fff;border-color:#007a5a}
.btn.danger{background:#fff;color:#e01e5a;border-color:#e01e5a}
.btn[disabled]{opacity:.5;cursor:default}
.reactions{display:flex;gap:4px;margin-top:2px}
.reaction{border:1px solid #cfe3f5;background:#f0f7fd;border-radius:12px;padding:0 6px;font-size:13px}
.reply{display:flex;gap:6px;margin:6px 0 2px}
.reply input{flex:1;padding:5px 8px;border:1px solid #ccc;border-radius:4px}
.composer{border-top:1px solid #ddd;padding:10px 14px}
.composer form{display:flex;gap:6px}
.composer input{flex:1;padding:8px;border:1px solid #bbb;border-radius:6px}
.hint{color:#666;font-size:12px;margin-top:4px}
.empty{color:#777;padding:16px;text-align:center}
.unsupported,.img-alt{color:#777;font-style:italic}
#toast{position:fixed;bottom:16px;left:50%;transform:translateX(-50%);background:#c33;color:#fff;padding:8px 14px;border-radius:6px;display:none}
`;
