# Read by `flask` (python-dotenv) when run from the checkout; variables already
# set in the environment win. Production sets STATUSAPP_ENV=production itself.
FLASK_APP=statusapp
STATUSAPP_ENV=development
