cp po/zh_Hans.po po/zh-hans.po
