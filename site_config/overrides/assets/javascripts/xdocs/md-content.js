// Material for MkDocs partials/javascripts/content.html (MIT): open the tab a link targets.
var target=document.getElementById(location.hash.slice(1));target&&target.name&&(target.checked=target.name.startsWith("__tabbed_"))
